// Package hoffmann is the quantitative layer of the IKKε/TBK1 system: the
// IκB–NF-κB signalling module of Hoffmann et al. 2002 (Science 298:1241;
// BioModels BIOMD0000000140, embedded, CC0) and an extension that lets
// IKKε and TBK1 act on it.
//
// The extension follows the review's M3 and M6 (IKKε/TBK1, like IKKα/β,
// release NF-κB from IκB) as far as knock-out genetics allows: IκBα is
// phosphorylated for degradation by IKKβ in the NEMO complex (Li et al.
// 1999, PubMed 10195897 and 10359587), TBK1 loss leaves IκBα degradation
// intact (Bonnard et al. 2000, PubMed 10970862), and IKKε/TBK1 double loss
// leaves NF-κB activation normal (Hemmi et al. 2004, PubMed 15210742). So
// IKKε and TBK1 do not degrade IκB on their own: they raise the catalytic
// rate of the IKK complex, which stays required. Every IKK-catalysed
// degradation of IκBα, IκBβ and IκBε (free and NF-κB-bound; reactions v5,
// v7, v9, v42, v43, v44, rate constants r1–r6) is multiplied by
//
//	ikk_boost = 1 + w_IKKe·IKKe_activity + w_TBK1·TBK1_activity
//
// with the activities in [0, 1] (0 by default, which gives the original
// model exactly) and weights w_IKKe = w_TBK1 = 0.25, assumed: the papers
// above bound the contribution (losing both kinases changes NF-κB
// activation little) but do not measure it. With no IKK (IKKβ loss) there
// is no degradation whatever IKKε and TBK1 do.
//
// The exported SBML carries MIRIAM annotations: the model is described by
// the 2002 paper and the genetics above (identifiers.org PubMed URIs), the
// IKK species is the NEMO–IKKα–IKKβ complex (UniProt, human accessions
// O14920 IKBKB, O15111 CHUK, Q9Y6K9 IKBKG; the original model is of mouse
// fibroblasts), and the new activity parameters are IKKε (Q14164) and TBK1
// (Q9UHD2), with the evidence in each element's notes.
package hoffmann
