module sandkasten/mounter

go 1.25
