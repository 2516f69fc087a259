# SAM's `BuildMethod: makefile` targets (`sam build`): each writes one function's `bootstrap` to $(ARTIFACTS_DIR).
#
# The bootstrap must start on provided.al2023 (glibc 2.34). Three ways to make it:
#   LAMBDA_ZIPS=DIR sam build         take it from DIR/<Function>.zip, as scripts/package built and checked it on this
#                                     machine (no docker; use an absolute DIR, since SAM may run make in a copy);
#   sam build                         build it in the Swift image for Amazon Linux 2 ($(SWIFT_IMAGE), glibc 2.26) with
#                                     docker; without docker the build stops with a clear message;
#   LAMBDA_BUILD_LOCAL=1 sam build    on an Amazon Linux 2023 host, with the local toolchain.

SWIFT_IMAGE ?= swift:6.2-amazonlinux2
SWIFT_FLAGS = -c release --static-swift-stdlib --scratch-path .build-lambda -Xlinker --no-export-dynamic

build-CommandFunction build-StreamProjector:
	@if [ -n "$(LAMBDA_ZIPS)" ]; then \
		unzip -o -q "$(LAMBDA_ZIPS)/$(@:build-%=%).zip" -d "$(ARTIFACTS_DIR)" && exit 0; \
		echo "error: no bootstrap in $(LAMBDA_ZIPS)/$(@:build-%=%).zip: run scripts/package first" >&2; exit 1; \
	elif [ "$(LAMBDA_BUILD_LOCAL)" = 1 ]; then \
		swift build $(SWIFT_FLAGS) --product $(@:build-%=%); \
	elif docker info >/dev/null 2>&1; then \
		docker run --rm -v "$(CURDIR)":/src -w /src $(SWIFT_IMAGE) swift build $(SWIFT_FLAGS) --product $(@:build-%=%); \
	else \
		echo "error: building $(@:build-%=%) for provided.al2023 here needs docker (to build in $(SWIFT_IMAGE))," >&2; \
		echo "       or scripts/package, then LAMBDA_ZIPS=\"\$$PWD/dist\" sam build (it builds on this machine and checks the" >&2; \
		echo "       result), or an Amazon Linux 2023 host with LAMBDA_BUILD_LOCAL=1." >&2; \
		exit 1; \
	fi; \
	install -m 755 .build-lambda/release/$(@:build-%=%) "$(ARTIFACTS_DIR)/bootstrap" && \
	strip "$(ARTIFACTS_DIR)/bootstrap"

.PHONY: build-CommandFunction build-StreamProjector
