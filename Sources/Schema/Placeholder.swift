enum _PlaceholderSchema {}
