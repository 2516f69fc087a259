# SAM's `BuildMethod: makefile` targets (`sam build`): each writes one function's `bootstrap` to $(ARTIFACTS_DIR).
#
# The bootstrap must run on provided.al2023 (glibc 2.34). A build on a newer glibc (Debian 12 has 2.36) does not run
# there: build on Amazon Linux 2023 or in its Swift container image. scripts/package (issue 6) checks and automates it.

SWIFT_FLAGS = -c release --static-swift-stdlib

build-CommandFunction build-StreamProjector:
	swift build $(SWIFT_FLAGS) --product $(@:build-%=%)
	install -m 755 "$$(swift build $(SWIFT_FLAGS) --show-bin-path)/$(@:build-%=%)" "$(ARTIFACTS_DIR)/bootstrap"
	strip "$(ARTIFACTS_DIR)/bootstrap"

.PHONY: build-CommandFunction build-StreamProjector
