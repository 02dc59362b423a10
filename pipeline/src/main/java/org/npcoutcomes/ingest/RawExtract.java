package org.npcoutcomes.ingest;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Extract files as read: data lines ({@link ExtractReader#LINE_SCHEMA}) and one header row per file
 * ({@link ExtractReader#HEADER_SCHEMA}).
 */
public record RawExtract(Dataset<Row> lines, Dataset<Row> headers) {}
