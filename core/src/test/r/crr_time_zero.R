# Fine-Gray (cmprsk::crr) of a cohort with patients censored and failing at time 0, as a landmark population
# has them (patients censored exactly at the landmark). Writes competing/time_zero.csv and .json.
# Run from pipeline/src/test/resources/fixtures/: Rscript ../../r/crr_time_zero.R
suppressMessages({library(cmprsk); library(jsonlite)})
set.seed(3)
n <- 300
x <- rbinom(n, 1, 0.5)
t <- pmax(0, round(rexp(n, 0.1 * exp(-0.4 * x))))
s <- sample(0:2, n, replace = TRUE, prob = c(.4, .4, .2))
t[1:15] <- 0
s[1:10] <- 0
write.csv(data.frame(time = t, status = s, x = x), "competing/time_zero.csv", row.names = FALSE)
out <- list()
for (failcode in 1:2) {
  f <- crr(t, s, x, failcode = failcode)
  out[[paste0("failcode", failcode)]] <- list(coef = unname(f$coef), se = unname(sqrt(diag(f$var))),
                                             loglik = f$loglik, loglik_null = f$loglik.null)
}
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "competing/time_zero.json")
