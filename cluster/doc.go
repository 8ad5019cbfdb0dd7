// Package cluster splits experiments over machines and puts them back
// together: a Job (the specs of a run or a screen as text, or a claims
// analysis) is cut into shards balanced by estimated cost, each shard runs
// anywhere and writes one file (the results of the specs it holds whole,
// the outcomes of runs of specs it shares, or a claims analysis's
// networks), and Merge puts the shards together into exactly the results
// a single local run gives, byte for byte. It also
// submits jobs to Slurm as job arrays and reads their state back.
//
// Sharding rests on experiment.Plan: every run has its own seed, so its
// outcome depends only on the spec and its index, never on which machine
// or worker ran it or what ran beside it.
//
// Shard files are gob, written atomically (a task killed mid-way leaves no
// file), and carry the job, its hash and the ikklab version; Merge refuses
// shards of different jobs, versions or shard counts, and a job with a
// shard or a run missing. Slurm is driven through its commands (sbatch
// --parsable, squeue, scontrol) in output formats Slurm 22.05 and later
// share; accounting (sacct) is not assumed to be on.
package cluster
