"""`trainer draft`: from a cited plain-text article to a bank that validates, offline.

`markers` detects the citation style, `sentences` splits passages into sentences with the markers that stand
with them, `dates`, `amounts` and `attribution` read what a sentence says, `facts` turns a sentence into a
draft fact, `writing` prints the bank as commented TOML, `update` keeps a teacher's edits on a redraft and
`drafting` runs it all and checks the result with the validator and the generator."""
