#!/usr/bin/env Rscript
# Reference for the fit diagnostics of degenerate models: what coxph and glm warn about (and the coefficients
# they report) on small data sets where a model cannot be estimated well: a 3-row cohort, an arm without
# events (monotone likelihood: "Loglik converged before variable ...; coefficient may be infinite"), a
# propensity covariate that copies the treatment (perfect separation: "fitted probabilities numerically 0 or
# 1 occurred") and a propensity covariate that is a multiple of another (aliased: NA coefficient).
# Usage: Rscript degenerate_models.R OUT.json   (the data sets are written into the JSON beside the results)
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)

# Runs an expression, keeping its value and the text of every warning it gives.
warned <- function(expr) {
  w <- character()
  value <- withCallingHandlers(expr, warning = function(c) {
    w <<- c(w, conditionMessage(c)); invokeRestart("muffleWarning")
  })
  list(value = value, warnings = w)
}

cox_case <- function(d) {
  r <- warned(coxph(Surv(time, status) ~ treat, data = d, ties = "efron"))
  f <- r$value
  list(data = d, coef = unname(coef(f)), se = unname(sqrt(diag(f$var))), iterations = f$iter,
       loglik = f$loglik, warnings = r$warnings)
}

glm_case <- function(d, formula) {
  r <- warned(glm(formula, data = d, family = binomial))
  f <- r$value
  mu <- fitted(f)
  list(data = d, terms = names(coef(f)), coef = unname(coef(f)), aliased = names(coef(f))[is.na(coef(f))],
       converged = f$converged, iterations = f$iter, deviance = f$deviance,
       min_fitted = min(mu), max_fitted = max(mu), warnings = r$warnings)
}

three_rows <- data.frame(time = c(3, 6, 10), status = c(1, 1, 0), treat = c(1, 0, 0))
no_events <- data.frame(time = c(2, 4, 5, 7, 8, 9, 11, 12), status = c(1, 1, 0, 1, 0, 0, 0, 0),
                        treat = c(0, 0, 0, 0, 1, 1, 1, 1))
set.seed(21)
n <- 40
separated <- data.frame(treat = rep(c(0, 1), each = n / 2), age = round(rnorm(n, 55, 10)))
separated$copy <- separated$treat
aliased <- data.frame(treat = rep(c(0, 1), n / 2), age = round(rnorm(n, 55, 10)),
                      stage = rep(c(0, 0, 1, 1, 1), n / 5))
aliased$age_months <- aliased$age * 12

out <- list(
  meta = list(script = "degenerate_models.R", R_version = R.version.string,
              survival = as.character(packageVersion("survival"))),
  cox_three_rows = cox_case(three_rows),
  cox_arm_without_events = cox_case(no_events),
  glm_separation = glm_case(separated, treat ~ copy + age),
  glm_aliased = glm_case(aliased, treat ~ age + stage + age_months))
writeLines(toJSON(out, auto_unbox = TRUE, digits = I(17), dataframe = "columns", null = "null", na = "null"),
           args[1])
