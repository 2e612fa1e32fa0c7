enum _PlaceholderPipeline {}
