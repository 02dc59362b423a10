/**
 * {@code --job synthesize}: reads the estimates to pool (published runs' marts with Spark, a CSV of published
 * estimates, the runs' likelihood profiles), hands plain arrays to the core methods
 * ({@code org.npcoutcomes.synthesis}) and lays out the {@code synthesis_*} marts.
 */
package org.npcoutcomes.synthesize;
