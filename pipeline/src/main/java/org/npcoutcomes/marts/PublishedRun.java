package org.npcoutcomes.marts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The commit markers of runs published by marker ({@link RunPublisher.Publication#MARKER}): under
 * {@code <run>/_published/} one small file per publication, named so that names sort by time, holding the
 * name of the version folder it publishes. Creating a small file is atomic on object stores, where a
 * directory rename is not, so a reader sees either the previous publication or the new one, never half.
 */
public final class PublishedRun {
  static final String MARKERS = "_published";
  static final String VERSION_PREFIX = "v-";

  private PublishedRun() {}

  /**
   * The folder holding a run's published marts: the version the newest marker names, or the run folder
   * itself for a run published by rename.
   */
  public static Path locate(FileSystem fs, Path runFolder) throws IOException {
    FileStatus newest = newestMarker(fs, runFolder);
    if (newest == null) {
      return runFolder;
    }
    return new Path(runFolder, read(fs, newest.getPath()));
  }

  /** Publishes a version folder, then removes older markers and versions but the one before it. */
  static void mark(FileSystem fs, Path runFolder, String version, String token) throws IOException {
    Path markers = new Path(runFolder, MARKERS);
    // zero-padded milliseconds first, so a later publication sorts after an earlier one
    String name = String.format("%020d-%s", System.currentTimeMillis(), token);
    try (FSDataOutputStream out = fs.create(new Path(markers, name), false)) {
      out.write(version.getBytes(StandardCharsets.UTF_8));
    }
    FileStatus[] all = sortedMarkers(fs, runFolder);
    String keep = all.length > 1 ? read(fs, all[all.length - 2].getPath()) : version;
    for (int i = 0; i < all.length - 2; i++) {
      fs.delete(all[i].getPath(), false);
    }
    for (FileStatus status : fs.listStatus(runFolder)) {
      String n = status.getPath().getName();
      if (n.startsWith(VERSION_PREFIX) && !n.equals(version) && !n.equals(keep)) {
        fs.delete(status.getPath(), true);
      }
    }
  }

  /** Removes version folders no marker names: what runs killed before their commit left behind. */
  static void removeUnpublishedVersions(FileSystem fs, Path runFolder) throws IOException {
    if (!fs.exists(runFolder)) {
      return;
    }
    java.util.Set<String> named = new java.util.HashSet<>();
    for (FileStatus marker : sortedMarkers(fs, runFolder)) {
      named.add(read(fs, marker.getPath()));
    }
    for (FileStatus status : fs.listStatus(runFolder)) {
      String n = status.getPath().getName();
      if (n.startsWith(VERSION_PREFIX) && !named.contains(n)) {
        fs.delete(status.getPath(), true);
      }
    }
  }

  private static FileStatus newestMarker(FileSystem fs, Path runFolder) throws IOException {
    FileStatus[] all = sortedMarkers(fs, runFolder);
    return all.length == 0 ? null : all[all.length - 1];
  }

  private static FileStatus[] sortedMarkers(FileSystem fs, Path runFolder) throws IOException {
    Path markers = new Path(runFolder, MARKERS);
    if (!fs.exists(markers)) {
      return new FileStatus[0];
    }
    FileStatus[] all = fs.listStatus(markers);
    Arrays.sort(all, Comparator.comparing(s -> s.getPath().getName()));
    return all;
  }

  private static String read(FileSystem fs, Path marker) throws IOException {
    try (InputStream in = fs.open(marker)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }
}
