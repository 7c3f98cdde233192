module sandkasten/watcher

go 1.25
