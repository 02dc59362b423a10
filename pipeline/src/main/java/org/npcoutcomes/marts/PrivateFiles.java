package org.npcoutcomes.marts;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Patient-level data readable by its owner only (folders 0700, files 0600), or also by one group (0750,
 * 0640, the folders and files given to that group), on any Hadoop file system. Spark writes files with the
 * process's default permissions, so a private folder is created first (nothing under it can be reached by
 * others while it is written) and everything in it is made private once written, before it is moved into
 * place.
 */
public record PrivateFiles(String group) {
  public PrivateFiles {
    group = group == null ? "" : group;
  }

  public FsPermission folderPermission() {
    return new FsPermission(group.isEmpty() ? (short) 0700 : (short) 0750);
  }

  public FsPermission filePermission() {
    return new FsPermission(group.isEmpty() ? (short) 0600 : (short) 0640);
  }

  /** Creates {@code folder} (and its missing parents) and makes it private; its parents are left as they are. */
  public void createFolder(FileSystem fs, Path folder) {
    try {
      if (!fs.mkdirs(folder) && !fs.getFileStatus(folder).isDirectory()) {
        throw new IOException("mkdirs returned false");
      }
      apply(raw(fs), fs.makeQualified(folder), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create private folder " + folder, e);
    }
  }

  /** Makes {@code root} and everything under it private (checksum files of a local file system included). */
  public void restrict(FileSystem fs, Path root) {
    try {
      FileSystem target = raw(fs);
      Path start = fs.makeQualified(root);
      if (target.exists(start)) {
        walk(target, target.getFileStatus(start));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restrict access to " + root, e);
    }
  }

  private void walk(FileSystem fs, FileStatus status) throws IOException {
    apply(fs, status.getPath(), status.isDirectory());
    if (status.isDirectory()) {
      for (FileStatus child : fs.listStatus(status.getPath())) {
        walk(fs, child);
      }
    }
  }

  private void apply(FileSystem fs, Path path, boolean folder) throws IOException {
    fs.setPermission(path, folder ? folderPermission() : filePermission());
    if (!group.isEmpty()) {
      fs.setOwner(path, null, group);
    }
  }

  /** The local file system without its checksum layer, which would hide the checksum files from the walk. */
  private static FileSystem raw(FileSystem fs) {
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }
}
