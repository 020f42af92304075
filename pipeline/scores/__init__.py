"""Points: an indicator's by its framework's rule (`rules`), and the scores feed (`feed`)."""
