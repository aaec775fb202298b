"""Steps of the sample generator (see liuliqiao_cli.sample)."""
