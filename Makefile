# SAM's `BuildMethod: makefile` targets (`sam build`): each writes one function's `bootstrap` to $(ARTIFACTS_DIR).
#
# The bootstrap must run on provided.al2023 (glibc 2.34), so it is built in the Swift image for Amazon Linux 2
# ($(SWIFT_IMAGE), glibc 2.26) with docker. Without docker the build stops with a clear message; on an Amazon Linux
# 2023 host, `LAMBDA_BUILD_LOCAL=1 sam build` builds with the local toolchain. scripts/package does the same and
# checks the result.

SWIFT_IMAGE ?= swift:6.2-amazonlinux2
SWIFT_FLAGS = -c release --static-swift-stdlib --scratch-path .build-lambda

build-CommandFunction build-StreamProjector:
	@if [ "$(LAMBDA_BUILD_LOCAL)" = 1 ]; then \
		swift build $(SWIFT_FLAGS) --product $(@:build-%=%); \
	elif docker info >/dev/null 2>&1; then \
		docker run --rm -v "$(CURDIR)":/src -w /src $(SWIFT_IMAGE) swift build $(SWIFT_FLAGS) --product $(@:build-%=%); \
	else \
		echo "error: building $(@:build-%=%) for provided.al2023 needs docker (to build in $(SWIFT_IMAGE))," >&2; \
		echo "       or an Amazon Linux 2023 host with LAMBDA_BUILD_LOCAL=1: a build on this system would not start on Lambda." >&2; \
		exit 1; \
	fi
	install -m 755 .build-lambda/release/$(@:build-%=%) "$(ARTIFACTS_DIR)/bootstrap"
	strip "$(ARTIFACTS_DIR)/bootstrap"

.PHONY: build-CommandFunction build-StreamProjector
