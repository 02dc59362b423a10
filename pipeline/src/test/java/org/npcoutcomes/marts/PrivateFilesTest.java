package org.npcoutcomes.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The permissions PrivateFiles leaves, read back as POSIX permissions of the local files (checksums included). */
class PrivateFilesTest {
  @TempDir
  Path dir;

  private static Map<String, String> permissions(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.toList()) {
        out.put(root.relativize(p).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
      }
    }
    return out;
  }

  private static void writeTree(FileSystem fs, Path root) throws IOException {
    // through the checksummed local file system, as Spark writes: each file gets a hidden .crc beside it
    fs.create(new org.apache.hadoop.fs.Path(root.resolve("a/b/part-0.parquet").toString())).close();
    fs.create(new org.apache.hadoop.fs.Path(root.resolve("a/_SUCCESS").toString())).close();
  }

  @Test
  void ownerOnlyByDefault() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path root = dir.resolve("restricted");
    new PrivateFiles("").createFolder(fs, new org.apache.hadoop.fs.Path(root.toString()));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
    writeTree(fs, root);
    new PrivateFiles("").restrict(fs, new org.apache.hadoop.fs.Path(root.toString()));
    Map<String, String> expected = new TreeMap<>(Map.of("", "rwx------", "a", "rwx------", "a/b", "rwx------",
        "a/b/part-0.parquet", "rw-------", "a/b/.part-0.parquet.crc", "rw-------", "a/_SUCCESS", "rw-------",
        "a/._SUCCESS.crc", "rw-------"));
    assertEquals(expected, permissions(root));
  }

  @Test
  void aGroupMayReadWhenConfigured() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path root = dir.resolve("shared");
    Files.createDirectories(root);
    String group = Files.readAttributes(dir, PosixFileAttributes.class).group().getName();
    writeTree(fs, root);
    new PrivateFiles(group).restrict(fs, new org.apache.hadoop.fs.Path(root.toString()));
    Map<String, String> perms = permissions(root);
    assertEquals("rwxr-x---", perms.get("a/b"));
    assertEquals("rw-r-----", perms.get("a/b/part-0.parquet"));
    assertEquals("rw-r-----", perms.get("a/b/.part-0.parquet.crc"));
    assertEquals(group, Files.readAttributes(root.resolve("a/b/part-0.parquet"), PosixFileAttributes.class).group()
        .getName());
  }
}
