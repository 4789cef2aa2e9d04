# ranger's random survival forest on Rotterdam, validated on GBSG: Harrell's C of its mortality
# score (the ensemble cumulative hazard summed over the training times), for several seeds.
# Run: Rscript scripts/reference/survival-forest.R ../shared/data/survival tests/fixtures/survival-forest.json
suppressPackageStartupMessages({ library(ranger); library(survival); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
data_dir <- if (length(args) >= 1) args[1] else "../shared/data/survival"
out <- if (length(args) >= 2) args[2] else "tests/fixtures/survival-forest.json"
dev <- read.csv(file.path(data_dir, "rotterdam.csv"))
ext <- read.csv(file.path(data_dir, "gbsg.csv"))
features <- c("age", "meno", "size", "grade", "nodes", "pgr", "er", "hormon")
d <- dev[, c(features, "time", "event")]
# A 500-tree ranger forest stores a 2,5xx-point hazard per leaf (~6 GB here), so it is grown as five
# 100-tree forests (seeds 1..5), freed one by one: the ensemble hazard is the mean over trees, so
# the mean of the five forests' mortality is a 500-tree forest's mortality.
seeds <- 1:5
mortality <- matrix(0, nrow(ext), length(seeds))
runs <- list()
for (k in seq_along(seeds)) {
  rf <- ranger(Surv(time, event) ~ ., data = d, num.trees = 100, splitrule = "logrank", seed = seeds[k], num.threads = 1)
  mortality[, k] <- rowSums(predict(rf, ext[, features], num.threads = 1)$chf)
  runs[[k]] <- list(seed = seeds[k], num_trees = 100, c_index_gbsg = concordance(Surv(ext$time, ext$event) ~ mortality[, k], reverse = TRUE)$concordance,
                    mtry = rf$mtry, min_node_size = rf$min.node.size)
  rm(rf); invisible(gc())
}
pooled <- rowMeans(mortality)
res <- list(
  software = list(R = R.version.string, ranger = as.character(packageVersion("ranger")), survival = as.character(packageVersion("survival"))),
  features = features,
  settings = list(num_trees = 500, splitrule = "logrank", mtry = runs[[1]]$mtry, min_node_size = runs[[1]]$min_node_size, replace = TRUE, sample_fraction = 1),
  note = "ranger(Surv(time, event) ~ 8 raw features, splitrule = 'logrank'), defaults otherwise, grown as 5 x 100 trees (seeds 1-5) and pooled; Harrell's C on GBSG of the mortality rowSums(predict(rf, gbsg)$chf) by survival::concordance(reverse = TRUE)",
  runs = runs,
  c_index_gbsg = concordance(Surv(ext$time, ext$event) ~ pooled, reverse = TRUE)$concordance
)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), out)
