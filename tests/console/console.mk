# tests/console/console.mk: the console test's guest program.  Included by
# the top-level Makefile AFTER user/user.mk, whose variables it uses
# (USER_CC, USER_CFLAGS, USER_BIN) and whose rule installs $(USER_BIN)/NAME
# as the initrd's /bin/NAME.
#
#   tests/console/ttytest.c    the line discipline and job control, from inside
#   tests/console/console.sh   boots it and types into the serial port (the test)
#   tests/console/flood.c      N numbered lines, for flood.sh: no byte lost to a slow reader

# This file must not change the including Makefile's default goal.
CONSOLE_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

CONSOLE_TEST_BINS := $(USER_BIN)/ttytest $(USER_BIN)/flood

$(CONSOLE_TEST_BINS): $(USER_BIN)/%: tests/console/%.c tests/user/check.h tests/console/console.mk
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_CFLAGS) -Itests/user $< -o $@

CONSOLE_INITRD_FILES := $(BUILD)/initrd/bin/ttytest $(BUILD)/initrd/bin/flood
INITRD_FILES += $(CONSOLE_INITRD_FILES)
$(BUILD)/initrd.cpio: $(CONSOLE_INITRD_FILES)
user: $(CONSOLE_INITRD_FILES)

.DEFAULT_GOAL := $(CONSOLE_SAVED_DEFAULT_GOAL)
