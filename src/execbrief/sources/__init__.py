"""Where incident facts come from: files now; pagers, monitoring and chat exports later."""
