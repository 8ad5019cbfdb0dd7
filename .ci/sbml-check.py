#!/usr/bin/env python3
"""libSBML's consistency check on SBML files ikklab wrote (issue 13).

Usage: python3 .ci/sbml-check.py FILE...
Prints one line per file with its error count; exits 1 if any file has an
error or a fatal problem (warnings are listed but do not fail). Needs
Debian's python3-sbml5.
"""
import sys

import libsbml

bad = 0
for path in sys.argv[1:]:
    doc = libsbml.readSBMLFromFile(path)
    doc.checkConsistency()
    errors = [doc.getError(i) for i in range(doc.getNumErrors())]
    fatal = [e for e in errors if e.isError() or e.isFatal()]
    if fatal:
        bad += 1
        print(f"{path}: {len(fatal)} errors")
        for e in fatal[:5]:
            print(f"  line {e.getLine()}: [{e.getErrorId()}] {e.getShortMessage()}: {e.getMessage().strip()}")
print(f"{len(sys.argv) - 1} files checked, {bad} with errors")
sys.exit(1 if bad else 0)
