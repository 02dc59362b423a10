package org.npcoutcomes.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.conf.Configuration;
import org.npcoutcomes.ingest.InputFiles;

/**
 * The SHA-256 of each input file, read on the driver in a thread of its own while Spark parses the files: a
 * digest is one sequential pass over a file that would otherwise follow the whole clean stage, in a driver
 * whose cores are mostly idle meanwhile (and a gzip file is parsed by one task, leaving the other cores idle).
 */
final class InputDigests {
  private final Map<String, CompletableFuture<String>> digests;

  private InputDigests(Map<String, CompletableFuture<String>> digests) {
    this.digests = digests;
  }

  static InputDigests start(Configuration conf, List<InputFiles.Resolved> inputs) {
    ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "npc-input-digests");
      t.setDaemon(true);
      return t;
    });
    Map<String, CompletableFuture<String>> out = new LinkedHashMap<>();
    for (InputFiles.Resolved in : inputs) {
      out.put(in.path(), CompletableFuture.supplyAsync(() -> InputFiles.sha256(conf, in.path()), thread));
    }
    thread.shutdown();
    return new InputDigests(out);
  }

  /** The file's digest, waiting for it if it is still being read. */
  String sha256(String file) {
    try {
      return digests.get(file).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }
}
