module flashpoint/logfmt-check

go 1.26.8

require github.com/go-logfmt/logfmt v0.6.1
