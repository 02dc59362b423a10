package org.npcoutcomes.plan;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.marts.RecordRows;

/**
 * Runs on an executor: gathers the rows of one analysis task into arrays and computes its analyses.
 * Input rows are laid out by {@link AnalysisInput}: id, time, status, treatment, categorical and strata
 * values (strings), continuous values (doubles).
 */
final class TaskComputer implements MapGroupsFunction<String, Row, Row> {
  static final StructType RESULT_SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("info", RecordRows.schema(AnalysisResult.Info.class), false),
      arrayOf("km", AnalysisResult.KmRow.class),
      arrayOf("summary", AnalysisResult.SummaryRow.class),
      arrayOf("at_time", AnalysisResult.AtTimeRow.class),
      arrayOf("logrank", AnalysisResult.LogRankRow.class),
      arrayOf("hazard", AnalysisResult.HazardRow.class),
      arrayOf("model_fit", AnalysisResult.ModelFitRow.class),
      arrayOf("rmst_difference", AnalysisResult.RmstDifferenceRow.class),
      arrayOf("ph_test", AnalysisResult.PhTestRow.class),
      arrayOf("interaction", AnalysisResult.InteractionRow.class),
      arrayOf("balance", AnalysisResult.BalanceRow.class),
      arrayOf("adjustment", AnalysisResult.AdjustmentRow.class),
      arrayOf("ps_distribution", AnalysisResult.ScoreBinRow.class),
      arrayOf("scores", AnalysisResult.ScoreRow.class),
      arrayOf("pairs", AnalysisResult.PairRow.class),
      arrayOf("incidence", AnalysisResult.IncidenceRow.class),
      arrayOf("gray_test", AnalysisResult.GrayTestRow.class)));

  private final AnalysisSpec spec;
  private final Map<String, AnalysisTask> tasks;

  TaskComputer(AnalysisSpec spec, Map<String, AnalysisTask> tasks) {
    this.spec = spec;
    this.tasks = tasks;
  }

  private static org.apache.spark.sql.types.StructField arrayOf(String name, Class<? extends Record> type) {
    return DataTypes.createStructField(name, DataTypes.createArrayType(RecordRows.schema(type), false), false);
  }

  @Override
  public Row call(String analysisId, Iterator<Row> rows) {
    int nCat = spec.categorical().size();
    int nStrata = spec.strata().size();
    int nSubgroups = spec.subgroups().size();
    int nCont = spec.continuous().size();
    CohortArrays.Builder builder = new CohortArrays.Builder(spec.eventValues(), spec.referenceArm(),
        spec.treatedArm(), nCat, nCont, nStrata, nSubgroups);
    AnalysisTask task = tasks.get(analysisId);
    double shift = task.landmark() == null ? 0 : task.landmark();
    while (rows.hasNext()) {
      Row r = rows.next();
      String[] text = new String[nCat + nStrata + nSubgroups];
      for (int c = 0; c < text.length; c++) {
        text[c] = r.isNullAt(4 + c) ? null : r.getString(4 + c);
      }
      Double[] cont = new Double[nCont];
      for (int c = 0; c < nCont; c++) {
        int at = 4 + nCat + nStrata + nSubgroups + c;
        cont[c] = r.isNullAt(at) ? null : r.getDouble(at);
      }
      int idAt = 4 + nCat + nStrata + nSubgroups + nCont;
      builder.add(r.isNullAt(1) ? null : r.getDouble(1) - shift, r.isNullAt(2) ? null : r.getString(2),
          r.isNullAt(3) ? null : r.getString(3), text, cont, r.isNullAt(idAt) ? null : r.getString(idAt),
          r.isNullAt(idAt + 1) ? null : r.getString(idAt + 1));
    }
    AnalysisResult result = new SurvivalAnalysis(spec).run(task, builder.build());
    return RowFactory.create(RecordRows.toRow(result.info()), RecordRows.toArrayValue(result.km()),
        RecordRows.toArrayValue(result.summary()), RecordRows.toArrayValue(result.atTime()),
        RecordRows.toArrayValue(result.logRank()), RecordRows.toArrayValue(result.hazard()),
        RecordRows.toArrayValue(result.modelFit()), RecordRows.toArrayValue(result.rmstDifference()),
        RecordRows.toArrayValue(result.phTest()), RecordRows.toArrayValue(result.interaction()),
        RecordRows.toArrayValue(result.balance()), RecordRows.toArrayValue(result.adjustment()),
        RecordRows.toArrayValue(result.scoreBins()), RecordRows.toArrayValue(result.scores()),
        RecordRows.toArrayValue(result.pairs()), RecordRows.toArrayValue(result.incidence()),
        RecordRows.toArrayValue(result.grayTest()));
  }
}
