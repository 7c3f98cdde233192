module sandkasten/ptyhost

go 1.25
