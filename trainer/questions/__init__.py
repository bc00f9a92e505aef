"""Questions generated from a bank: multiple choice and ordering, their grading and explanations."""
