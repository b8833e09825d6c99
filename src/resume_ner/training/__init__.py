"""Model training: the core loop, hyper-parameter optimisation and final-training execution."""
