.PHONY: build test test-unit test-pg db-up migrate run bench

build:
	swift build

test:
	scripts/test.sh

test-unit:
	swift test --filter 'DomainTests|PasswordHasherTests'

db-up:
	scripts/start-test-postgres.sh

test-pg:
	eval "$$(scripts/start-test-postgres.sh)" && swift test

migrate:
	swift run zane migrate

run:
	scripts/run.sh

bench:
	bench/auth-bench.sh
