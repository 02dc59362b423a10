package org.npcoutcomes.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.npcoutcomes.config.InvalidConfigException;

/**
 * A lock on one run id in one folder (the output or the work folder): the file {@code _lock-<run id>},
 * created exclusively through the Hadoop file system API, holding the host, process id, start time and job of
 * its holder. A lock whose holder process is gone (on this host) or that is older than {@code staleAfter} was
 * left by a killed run and is taken over. Taking the lock also proves that the folder is writable.
 */
final class RunLock implements AutoCloseable {
  static final String PREFIX = "_lock-";
  /** A lock file that cannot be read may be one being written this instant; older than this, it is left over. */
  private static final Duration UNREADABLE_GRACE = Duration.ofMinutes(1);

  /** Who holds a lock. */
  record Holder(String host, long pid, Instant started, String job, String token) {
    String text() {
      return "host=" + host + "\npid=" + pid + "\nstarted=" + started + "\njob=" + job + "\ntoken=" + token + "\n";
    }

    static Optional<Holder> parse(String text) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line : text.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          fields.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      try {
        return Optional.of(new Holder(fields.get("host"), Long.parseLong(fields.get("pid")),
            Instant.parse(fields.get("started")), fields.get("job"), fields.get("token")))
            .filter(h -> h.host() != null && h.token() != null);
      } catch (NumberFormatException | DateTimeParseException | NullPointerException e) {
        return Optional.empty();
      }
    }

    String describe() {
      return "job '" + job + "' started " + started + " by process " + pid + " on host " + host;
    }
  }

  private final FileSystem fs;
  private final Path file;
  private final Holder holder;

  private RunLock(FileSystem fs, Path file, Holder holder) {
    this.fs = fs;
    this.file = file;
    this.holder = holder;
  }

  Path file() {
    return file;
  }

  /**
   * Takes the lock of {@code runId} in {@code folder} (named by config key {@code key} in errors), or fails
   * with a configuration error (exit 2): the folder cannot be written, or another live run holds the lock.
   */
  static RunLock acquire(Configuration conf, String folder, String key, String runId, String job,
      Duration staleAfter, Clock clock) {
    Path root = new Path(folder);
    Path file = new Path(root, PREFIX + runId);
    Holder me = new Holder(localHost(), ProcessHandle.current().pid(), clock.instant(), job,
        UUID.randomUUID().toString());
    FileSystem fs;
    try {
      fs = root.getFileSystem(conf);
      if (!fs.mkdirs(root) || !fs.getFileStatus(root).isDirectory()) {
        throw new IOException("not a folder");
      }
    } catch (IOException | RuntimeException e) {
      throw unwritable(folder, key, e);
    }
    // Two attempts: the second after a stale lock has been removed.
    for (int attempt = 0; attempt < 2; attempt++) {
      try (OutputStream out = fs.create(file, false)) {
        out.write(me.text().getBytes(StandardCharsets.UTF_8));
      } catch (FileAlreadyExistsException e) {
        Optional<Holder> other = read(fs, file);
        if (stale(fs, file, other, staleAfter, clock)) {
          System.err.println("taking over the lock " + file + " left by a run that is gone"
              + other.map(h -> " (" + h.describe() + ")").orElse(""));
          delete(fs, file);
          continue;
        }
        throw held(runId, file, other);
      } catch (IOException | RuntimeException e) {
        throw unwritable(folder, key, e);
      }
      // A file system whose exclusive create is not atomic (a local disk) lets two runs both "create" the
      // file; the one whose token is not in it lost.
      Optional<Holder> written = read(fs, file);
      if (written.isPresent() && written.get().token().equals(me.token())) {
        return new RunLock(fs, file, me);
      }
      throw held(runId, file, written);
    }
    throw held(runId, file, read(fs, file));
  }

  /** Removes the lock, if it is still this run's. */
  @Override
  public void close() {
    Optional<Holder> current = read(fs, file);
    if (current.isPresent() && current.get().token().equals(holder.token())) {
      delete(fs, file);
    }
  }

  private static boolean stale(FileSystem fs, Path file, Optional<Holder> other, Duration staleAfter, Clock clock) {
    if (other.isEmpty()) {
      try {
        Instant modified = Instant.ofEpochMilli(fs.getFileStatus(file).getModificationTime());
        return Duration.between(modified, clock.instant()).compareTo(UNREADABLE_GRACE) > 0;
      } catch (IOException e) {
        return true; // gone meanwhile
      }
    }
    Holder h = other.get();
    if (Duration.between(h.started(), clock.instant()).compareTo(staleAfter) > 0) {
      return true;
    }
    return h.host().equals(localHost()) && ProcessHandle.of(h.pid()).map(p -> !p.isAlive()).orElse(true);
  }

  private static Optional<Holder> read(FileSystem fs, Path file) {
    try (InputStream in = fs.open(file)) {
      return Holder.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void delete(FileSystem fs, Path file) {
    try {
      fs.delete(file, false);
    } catch (IOException e) {
      // a lock that cannot be removed is found stale by the next run
    }
  }

  private static InvalidConfigException held(String runId, Path file, Optional<Holder> holder) {
    return new InvalidConfigException("run.id", "run id '" + runId + "' is locked by another run ("
        + holder.map(Holder::describe).orElse("holder unknown") + "; lock file " + file
        + "); wait for it to finish, or remove the lock file if that run is gone");
  }

  private static InvalidConfigException unwritable(String folder, String key, Exception e) {
    return new InvalidConfigException(key, "cannot write to folder " + folder + " ("
        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""))
        + ")");
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown");
    }
  }
}
