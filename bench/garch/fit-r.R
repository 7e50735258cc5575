# Times R fGarch's GARCH(1,1) fit on one CSV column:
#   garchFit(~garch(1,1), data = x, include.mean = TRUE, cond.dist = "norm", trace = FALSE)
# `warmup` untimed fits, then `reps` fits each timed with proc.time() (elapsed, ms).
# Prints one JSON object on stdout: timings (ms) and the estimates.
# Usage: Rscript bench/garch/fit-r.R FILE [REPS=15] [WARMUP=3]
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) { cat("usage: fit-r.R FILE [REPS] [WARMUP]\n", file = stderr()); quit(status = 2) }
file <- args[1]
reps <- if (length(args) >= 2) as.integer(args[2]) else 15L
warmup <- if (length(args) >= 3) as.integer(args[3]) else 3L
suppressPackageStartupMessages(library(fGarch))
x <- read.csv(file)[[1]]

fit1 <- function() garchFit(~garch(1, 1), data = x, include.mean = TRUE, cond.dist = "norm", trace = FALSE)
t0 <- proc.time()[["elapsed"]]
fit <- fit1()
cold <- (proc.time()[["elapsed"]] - t0) * 1000
if (warmup > 1) for (i in 2:warmup) fit <- fit1()
times <- numeric(reps)
for (i in seq_len(reps)) {
  t0 <- proc.time()[["elapsed"]]
  fit <- fit1()
  times[i] <- (proc.time()[["elapsed"]] - t0) * 1000
}

num <- function(v) sprintf("%.17g", v)
cf <- coef(fit)
se <- fit@fit$se.coef
obj <- function(v) sprintf('{"mu":%s,"omega":%s,"alpha":%s,"beta":%s}',
  num(v[["mu"]]), num(v[["omega"]]), num(v[["alpha1"]]), num(v[["beta1"]]))
cat(sprintf(paste0('{"side":"fGarch","engine":"R %s.%s, fGarch %s","n":%d,"reps":%d,"warmup":%d,',
                   '"coldMs":%s,"medianMs":%s,"minMs":%s,"status":"nlminb: %s","estimates":%s,"standardErrors":%s,"logLikelihood":%s}\n'),
  R.version$major, R.version$minor, as.character(packageVersion("fGarch")), length(x), reps, warmup,
  num(cold), num(median(times)), num(min(times)), sprintf("%s, %d iterations, %d function + %d gradient evaluations", gsub('"', "'", fit@fit$message),
    fit@fit$iterations, fit@fit$evaluations[["function"]], fit@fit$evaluations[["gradient"]]),
  obj(cf), obj(se), num(-fit@fit$llh)))
