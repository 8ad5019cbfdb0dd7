# probs.awk — the output-state probabilities of one run as "state<TAB>p<TAB>err"
# lines, from any of the files bench/maboss.sh compares:
#   a probtraj table (MaBoSS's PREFIX_probtraj.csv or ikklab's probtraj.csv):
#     the last window; err is the file's ErrorProba;
#   ikklab's final_states.csv (State, Proba, ErrorProba);
#   MaBoSS's PREFIX_finalprob.csv (--final: "p<TAB>state", no error): err is
#     the binomial √(p(1−p)/(N−1)) for N = -v n=N.
#
# State names are normalised (their nodes sorted): MaBoSS joins the active
# nodes in its own order, ikklab in declaration order.
#
#   awk -F'\t' -v n=100000 -f bench/probs.awk FILE
function norm(label,    k, m, a, i, j, t, out) {
  m = split(label, a, / -- /)
  for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  out = a[1]
  for (i = 2; i <= m; i++) out = out " -- " a[i]
  return out
}
FNR == 1 && $1 == "Time" { kind = "probtraj"; next }
FNR == 1 && $1 == "State" { kind = "final"; next }
FNR == 1 { kind = "finalprob" }
kind == "probtraj" && NF > 5 { last = $0 }
kind == "final" { print norm($1) "\t" $2 "\t" $3 }
kind == "finalprob" {
  p = $1 + 0
  e = (n > 1) ? sqrt(p * (1 - p) / (n - 1)) : 0
  printf "%s\t%s\t%.6f\n", norm($2), $1, e
}
END {
  if (kind == "probtraj") {
    m = split(last, f, "\t")
    for (i = 6; i + 2 <= m; i += 3) print norm(f[i]) "\t" f[i + 1] "\t" f[i + 2]
  }
}
