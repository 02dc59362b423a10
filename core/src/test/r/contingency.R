#!/usr/bin/env Rscript
# Reference p-values for Table 1 tests on r x 2 tables (levels x arms): chisq.test with and without Yates'
# correction and fisher.test (two-sided). Usage: Rscript contingency.R OUT.json
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "contingency.json"
tables <- list(
  tiny_2x2 = rbind(c(3, 1), c(1, 3)),
  zero_cell_2x2 = rbind(c(0, 5), c(12, 7)),
  unbalanced_2x2 = rbind(c(2, 40), c(30, 310)),
  five_levels = rbind(c(10, 4), c(22, 30), c(3, 0), c(41, 38), c(1, 2)),
  six_levels_large = rbind(c(150, 120), c(201, 180), c(96, 110), c(4, 1), c(60, 75), c(2, 7)),
  three_levels_small = rbind(c(1, 0), c(0, 2), c(5, 1)),
  four_levels = rbind(c(7, 8), c(33, 13), c(95, 72), c(57, 70))
)
num <- function(x) {
  s <- sprintf("%.15g", x); if (as.numeric(s) != x) s <- sprintf("%.17g", x); s
}
items <- character(0)
for (name in names(tables)) {
  t <- tables[[name]]
  y <- suppressWarnings(chisq.test(t, correct = TRUE))
  p <- suppressWarnings(chisq.test(t, correct = FALSE))
  f <- fisher.test(t, workspace = 2e8)
  rows <- paste0("[", apply(t, 1, function(r) paste(r, collapse = ",")), "]", collapse = ",")
  items <- c(items, sprintf(
    '"%s":{"counts":[%s],"yates_statistic":%s,"yates_p":%s,"pearson_statistic":%s,"pearson_p":%s,"df":%d,"fisher_p":%s}',
    name, rows, num(unname(y$statistic)), num(y$p.value), num(unname(p$statistic)), num(p$p.value),
    as.integer(p$parameter), num(f$p.value)))
}
writeLines(paste0("{", paste(items, collapse = ","), "}"), out)
