package org.npcoutcomes.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.npcoutcomes.config.InvalidConfigException;

/** Expands the configured input paths (files, folders, globs) into files, and fingerprints them. */
public final class InputFiles {
  private InputFiles() {}

  /** A concrete input file. */
  public record Resolved(String path, long sizeBytes) {}

  /**
   * Every file the configured paths name, in a stable order. A path that matches nothing stops the
   * run before any work, naming the path.
   */
  public static List<Resolved> resolve(Configuration hadoopConf, List<String> paths, String key) {
    List<Resolved> out = new ArrayList<>();
    for (String p : paths) {
      try {
        Path path = new Path(p);
        FileSystem fs = path.getFileSystem(hadoopConf);
        FileStatus[] matches = fs.globStatus(path);
        if (matches == null || matches.length == 0) {
          throw new InvalidConfigException(key, "input not found: " + p);
        }
        for (FileStatus m : matches) {
          if (m.isDirectory()) {
            for (FileStatus f : fs.listStatus(m.getPath())) {
              if (f.isFile() && !f.getPath().getName().startsWith(".") && !f.getPath().getName().startsWith("_")) {
                out.add(new Resolved(f.getPath().toString(), f.getLen()));
              }
            }
          } else {
            out.add(new Resolved(m.getPath().toString(), m.getLen()));
          }
        }
      } catch (IOException e) {
        throw new InvalidConfigException(key, "cannot read input " + p + ": " + e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw new InvalidConfigException(key, "the input paths name no files: " + paths);
    }
    return out.stream().distinct().sorted((a, b) -> a.path().compareTo(b.path())).toList();
  }

  /** SHA-256 of a file's bytes as stored (compressed files are hashed compressed). */
  public static String sha256(Configuration hadoopConf, String file) {
    try {
      Path path = new Path(file);
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = path.getFileSystem(hadoopConf).open(path)) {
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
          digest.update(buffer, 0, n);
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
