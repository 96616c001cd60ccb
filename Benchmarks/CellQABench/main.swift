print("cellqa benchmarks: not yet")
