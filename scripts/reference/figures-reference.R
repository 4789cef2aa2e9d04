# Reference values for the dashboard's figure intervals (tests/dashboard/figure-intervals.test.ts).
# Run from the repository root with Debian bookworm's r-base-core (R 4.2.2), r-cran-proc (pROC 1.18.0) and
# r-cran-jsonlite:
#   Rscript scripts/reference/figures-reference.R
# writes tests/fixtures/figures/reference.json:
# - wilson: Wilson score intervals by R's prop.test(x, n, correct = FALSE) (which is the Wilson interval)
#   for hand-picked (x, n) and 0.90/0.95/0.99 levels.
# - models: for test predictions of the shared plain references (../shared/reference), the 10 equal-width
#   calibration bins (first [0, 0.1], then (k/10, (k+1)/10], R's findInterval with left.open) with counts,
#   events and prop.test Wilson intervals; and pROC's stratified bootstrap band of the ROC curve,
#   ci.se(specificities = 1 - fpr, boot.n = 10000, stratified = TRUE) (R's own random numbers: the dashboard
#   seeds another generator, so its band can match only to Monte Carlo error).
suppressMessages(library(pROC))
set.seed(20261204)
wilson <- list()
for (level in c(0.9, 0.95, 0.99)) for (xn in list(c(0, 20), c(1, 29), c(15, 148), c(81, 263), c(3, 10), c(10, 10), c(7, 7), c(1, 1), c(0, 1), c(37, 61))) {
  ci <- suppressWarnings(prop.test(xn[1], xn[2], correct = FALSE, conf.level = level))$conf.int
  wilson[[length(wilson) + 1]] <- list(x = xn[1], n = xn[2], level = level, lower = ci[1], upper = ci[2])
}
fpr <- seq(0, 1, by = 0.05)
pick <- list(
  list(set = "../shared/reference/crlm-synthetic-original-plain.json", model = "logistic_regression"),
  list(set = "../shared/reference/crlm-synthetic-original-plain.json", model = "knn"),
  list(set = "../shared/reference/wdbc-plain.json", model = "gaussian_nb")
)
models <- lapply(pick, function(p) {
  ref <- jsonlite::fromJSON(p$set, simplifyVector = FALSE)
  m <- Filter(function(m) m$model == p$model, ref$models)[[1]]
  y <- vapply(m$predictions, function(r) as.numeric(r$label), 0)
  prob <- vapply(m$predictions, function(r) as.numeric(r$probability), 0)
  bin <- findInterval(prob, seq(0.1, 0.9, by = 0.1), left.open = TRUE) + 1
  bins <- lapply(1:10, function(b) {
    n <- sum(bin == b)
    x <- sum(y[bin == b])
    ci <- if (n > 0) suppressWarnings(prop.test(x, n, correct = FALSE))$conf.int else c(NA, NA)
    list(bin = b, count = n, positives = x, lower = if (n > 0) ci[1] else NULL, upper = if (n > 0) ci[2] else NULL)
  })
  r <- roc(y, prob, levels = c(0, 1), direction = "<", quiet = TRUE)
  band <- ci.se(r, specificities = 1 - fpr, boot.n = 10000, stratified = TRUE, conf.level = 0.95, progress = "none")
  list(set = basename(p$set), model = p$model, n = length(y), positives = sum(y), auc = as.numeric(auc(r)),
       calibration = bins, roc_band = list(fpr = fpr, lower = unname(band[, 1]), median = unname(band[, 2]), upper = unname(band[, 3])))
})
res <- list(about = paste("R", paste(R.version$major, R.version$minor, sep = "."), "pROC", as.character(packageVersion("pROC")), "prop.test(correct = FALSE) Wilson intervals; ci.se(boot.n = 10000, stratified = TRUE)"),
            wilson = wilson, models = models)
writeLines(jsonlite::toJSON(res, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE), "tests/fixtures/figures/reference.json")
