module sandkasten/wsfs

go 1.25
