/**
 * The publication report of a run: {@code <output>/<run id>/report/index.html}, one self-contained page (inline
 * CSS and SVG, no script, no network) built from the run's published aggregate marts only, with every figure
 * also written beside it as {@code figures/<id>.svg} and {@code figures/<id>.png}.
 *
 * <p>Layout: {@link org.npcoutcomes.report.MartReader} is the only class that touches Spark (it collects the
 * marts into plain {@link org.npcoutcomes.report.MartRow}s); everything else is plain Java from rows to markup:
 * {@link org.npcoutcomes.report.FlowDiagram}, {@link org.npcoutcomes.report.KaplanMeierPlot},
 * {@link org.npcoutcomes.report.IncidencePlot}, {@link org.npcoutcomes.report.ForestPlot},
 * {@link org.npcoutcomes.report.LovePlot}, {@link org.npcoutcomes.report.Diagnostics} and
 * {@link org.npcoutcomes.report.ReportPage}; {@link org.npcoutcomes.report.ReportWriter} writes the folder.
 *
 * <p>Why the figures are written as SVG directly rather than with a charting library: the figures that matter
 * here are survival figures in the survminer style, and a Java charting library does them poorly. JFreeChart
 * (the maintained one) has no numbers-at-risk table tied to the x-axis, draws step functions but not step-shaped
 * confidence bands or censoring marks on them, and has no forest plot (a table of text columns beside a log-scale
 * interval plot); bending it to those would be more code than drawing them, and its SVG export needs a second
 * library (JFreeSVG). The remaining figures (Love plot, cumulative incidence, flow diagram) are simple enough that
 * one small SVG writer ({@code Svg}, {@code Scale}, {@code Axes}) keeps every figure in one style, with text as
 * text (searchable, and checked by ReportBrowserTest in the rendered page) and stable ids and classes. PNGs come
 * from the same SVG through Apache Batik's transcoder, so the two never differ.
 */
package org.npcoutcomes.report;
