"""Evidence from data: CRM exports read, baselines measured, distributions fitted, scores."""
