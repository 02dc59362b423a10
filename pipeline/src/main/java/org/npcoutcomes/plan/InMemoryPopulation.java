package org.npcoutcomes.plan;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.stats.ConcordanceIndex;
import org.npcoutcomes.stats.ConfidenceType;
import org.npcoutcomes.stats.CoxData;
import org.npcoutcomes.stats.CoxFit;
import org.npcoutcomes.stats.CoxModel;
import org.npcoutcomes.stats.CoxOptions;
import org.npcoutcomes.stats.CoxZph;
import org.npcoutcomes.stats.KaplanMeier;
import org.npcoutcomes.stats.KaplanMeierCurve;
import org.npcoutcomes.stats.LogRank;
import org.npcoutcomes.stats.LogRankResult;
import org.npcoutcomes.stats.ProfilePoint;

/** A population whose rows are held in memory as {@link CohortArrays}, each statistic computed from them. */
final class InMemoryPopulation implements PopulationSource {
  private final AnalysisSpec spec;
  private final CohortArrays data;

  InMemoryPopulation(AnalysisSpec spec, CohortArrays data) {
    this.spec = spec;
    this.data = data;
  }

  @Override
  public ArmCounts counts() {
    return ArmCounts.of(data.treated, data.event);
  }

  @Override
  public boolean weighted() {
    return data.weight != null;
  }

  @Override
  public CompetingRows competing() {
    return CompetingRows.of(data);
  }

  @Override
  public PopulationData rows(ModelRequest request) {
    if (request.strata() == ModelRequest.Strata.MATCHED_SET && data.cluster == null) {
      throw new EstimateFamilies.SkippedException("no matched sets in this population");
    }
    CohortArrays base = request.strata() == ModelRequest.Strata.DECLARED ? data : data.withoutStrata();
    boolean[] keep = base.complete(spec, request.covariates());
    if (request.subgroup() != null) {
      String[] values = base.subgroup[spec.subgroups().indexOf(request.subgroup())];
      for (int i = 0; i < keep.length; i++) {
        keep[i] &= values[i] != null;
      }
    }
    CohortArrays used = base.subset(keep);
    DesignMatrix design = request.subgroup() != null
        ? DesignMatrix.subgroup(used, spec, request.subgroup(), request.interaction())
        : DesignMatrix.build(used, spec, request.treatment(), request.covariates());
    boolean matchedSets = request.strata() == ModelRequest.Strata.MATCHED_SET;
    int[] strata = matchedSets ? used.cluster : used.stratumCodes();
    int[] cluster = matchedSets ? null : used.cluster;
    CoxData cox = new CoxData(used.time, used.event, design.x(), design.terms(), used.weight, strata, cluster);
    return new Rows(used, design, cox);
  }

  /** The rows of one model, with their Cox data. */
  private record Rows(CohortArrays used, DesignMatrix design, CoxData cox) implements PopulationData {
    @Override
    public ArmCounts counts() {
      return ArmCounts.of(used.treated, used.event);
    }

    @Override
    public org.npcoutcomes.design.ModelTerms terms() {
      return design.model();
    }

    @Override
    public boolean robust() {
      return cox.weight() != null || cox.cluster() != null;
    }

    @Override
    public SortedMap<Integer, KaplanMeierCurve> kaplanMeier(String confType, double confLevel) {
      SortedMap<Integer, KaplanMeierCurve> curves = new TreeMap<>();
      for (int arm = 0; arm <= 1; arm++) {
        CohortArrays d = used.arm(arm);
        if (d.size() > 0) {
          curves.put(arm, KaplanMeier.fit(d.time, d.event, d.weight, ConfidenceType.parse(confType), confLevel));
        }
      }
      return curves;
    }

    @Override
    public LogRankResult logRank(double rho) {
      return LogRank.test(used.time, used.event, used.treated, cox.stratum(), rho);
    }

    @Override
    public CoxFit cox(CoxOptions options) {
      return CoxModel.fit(cox, options);
    }

    @Override
    public List<ProfilePoint> coxProfile(CoxOptions options, CoxFit fit, double[] betas) {
      return CoxModel.profile(cox, options, fit, 0, betas);
    }

    @Override
    public List<CoxZph.Result> coxZph(CoxOptions options, CoxFit fit) {
      return CoxZph.test(cox, options, fit, design.model().variables(), design.model().variableColumns());
    }

    @Override
    public ConcordanceIndex.Result concordance(CoxFit fit) {
      double[] risk = new double[cox.size()];
      double[] coef = fit.coef();
      for (int i = 0; i < risk.length; i++) {
        for (int j = 0; j < coef.length; j++) {
          risk[i] += Double.isNaN(coef[j]) ? 0 : coef[j] * cox.x()[i][j];
        }
      }
      return ConcordanceIndex.of(cox.time(), cox.event(), risk, cox.weight(), cox.stratum());
    }
  }
}
