# user/user.mk: user programs and user-space tests, included by the top-level
# Makefile (which defines BUILD, CC and INITRD_FILES).
#
#   tests/user/NAME.c   a test program (or helper)   -> $(BUILD)/user/bin/NAME
#   user/NAME.c         a user program                -> $(BUILD)/user/bin/NAME
#   user/NAME/*.c       a user program of several files -> $(BUILD)/user/bin/NAME
#
# All of them are static musl binaries installed in the initrd's /bin; the
# test data (tests/user/data/, plus the corrupt executables written by
# tests/user/mkbadelf, a host program) go to the initrd's /data.
#
#   make test-linux     run every user test on the HOST Linux, to prove the
#                       tests themselves right; ends with "N passed, M failed"
#
# For a standalone build without the top-level Makefile:
#   printf 'BUILD := /tmp/ub\nCC := gcc\ninclude user/user.mk\n' > /tmp/u.mk
#   make -f /tmp/u.mk test-linux

# This file must not change the including Makefile's default goal.
USER_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

USER_CC := musl-gcc
USER_CFLAGS := -static -O2 -Wall -Wextra -Werror -std=gnu11
USER_HOSTCC := $(if $(CC),$(CC),gcc)
USER_HOSTCFLAGS := -O2 -Wall -Wextra -Werror -std=gnu11

USER_BIN := $(BUILD)/user/bin

# Programs that tests exec, not tests themselves.
USER_HELPERS := exec_target

# Every tests/user/*.c except the host generator is a user program; all but
# the helpers are tests (USER_TESTS: the list for tests/tests.list).
USER_TEST_SRCS := $(filter-out tests/user/mkbadelf.c,$(sort $(wildcard tests/user/*.c)))
USER_TEST_PROGS := $(notdir $(USER_TEST_SRCS:.c=))
USER_TESTS := $(filter-out $(USER_HELPERS),$(USER_TEST_PROGS))

# Programs the project adds under user/: one file, or one folder, per program.
USER_ONE_FILE := $(notdir $(basename $(sort $(wildcard user/*.c))))
USER_FOLDERS := $(filter-out bench,$(notdir $(patsubst %/,%,$(sort $(dir $(wildcard user/*/*.c))))))
# Benchmarks: user/bench/NAME.c, one program each (procbench, later ipcbench).
USER_BENCHES := $(notdir $(basename $(sort $(wildcard user/bench/*.c))))

USER_PROGS := $(sort $(USER_TEST_PROGS) $(USER_ONE_FILE) $(USER_FOLDERS) $(USER_BENCHES))
USER_BINS := $(USER_PROGS:%=$(USER_BIN)/%)

$(USER_TEST_PROGS:%=$(USER_BIN)/%): $(USER_BIN)/%: tests/user/%.c $(wildcard tests/user/*.h) \
		tests/shell/run.h user/user.mk
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_CFLAGS) -Itests/user $< -o $@

$(USER_ONE_FILE:%=$(USER_BIN)/%): $(USER_BIN)/%: user/%.c $(wildcard user/*.h) user/user.mk
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_CFLAGS) -Iuser $< -o $@

$(USER_BENCHES:%=$(USER_BIN)/%): $(USER_BIN)/%: user/bench/%.c user/bench/bench.h user/user.mk
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_CFLAGS) $< -o $@

define user_folder_rule
$(USER_BIN)/$(1): $(wildcard user/$(1)/*.c user/$(1)/*.h) user/user.mk
	@mkdir -p $$(dir $$@)
	$(USER_CC) $(USER_CFLAGS) -Iuser/$(1) $(wildcard user/$(1)/*.c) -o $$@
endef
$(foreach p,$(USER_FOLDERS),$(eval $(call user_folder_rule,$(p))))

# The corrupt executables: written by a host program at build time.
$(BUILD)/user/mkbadelf: tests/user/mkbadelf.c user/user.mk
	@mkdir -p $(dir $@)
	$(USER_HOSTCC) $(USER_HOSTCFLAGS) $< -o $@

USER_DATA := $(patsubst tests/user/data/%,%,$(sort $(wildcard tests/user/data/*)))

# ---------------------------------------------------------- the initrd --

$(BUILD)/initrd/bin/%: $(USER_BIN)/%
	@mkdir -p $(dir $@)
	install -m 755 $< $@

$(USER_DATA:%=$(BUILD)/initrd/data/%): $(BUILD)/initrd/data/%: tests/user/data/%
	@mkdir -p $(dir $@)
	install -m 644 $< $@

# The account files getpwuid(3) and getgrgid(3) read (ipcs, ls -l: names, not numbers).
USER_ETC := $(notdir $(wildcard user/etc/*))
$(USER_ETC:%=$(BUILD)/initrd/etc/%): $(BUILD)/initrd/etc/%: user/etc/%
	@mkdir -p $(dir $@)
	install -m 644 $< $@

# A whole folder, made again whenever the generator changes.
$(BUILD)/initrd/data/badelf: $(BUILD)/user/mkbadelf
	rm -rf $@
	@mkdir -p $(dir $@)
	$< $@

USER_INITRD_FILES := $(USER_PROGS:%=$(BUILD)/initrd/bin/%) \
	$(USER_DATA:%=$(BUILD)/initrd/data/%) $(BUILD)/initrd/data/badelf \
	$(USER_ETC:%=$(BUILD)/initrd/etc/%)
INITRD_FILES += $(USER_INITRD_FILES)
# Also as a rule of its own, in case this file is included after the initrd rule.
$(BUILD)/initrd.cpio: $(USER_INITRD_FILES)

.PHONY: user test-linux
user: $(USER_INITRD_FILES)

# ------------------------------------------------------ on the host Linux --

# The same test binaries (not the programs under user/, which the tests do
# not need) and data under $(BUILD)/linux-root/{bin,data}, where the tests
# find them through SHMOS_ROOT.
# The user programs some tests run (ipcs, ipcrm, the IPC exercises) go along.
USER_TESTED_PROGS := $(filter ipcs ipcrm prodcons counter msgdemo,$(USER_PROGS))
test-linux: $(USER_TEST_PROGS:%=$(USER_BIN)/%) $(USER_TESTED_PROGS:%=$(USER_BIN)/%) \
		$(BUILD)/user/mkbadelf
	rm -rf $(BUILD)/linux-root
	mkdir -p $(BUILD)/linux-root/bin $(BUILD)/linux-root/data
	cp $(USER_TEST_PROGS:%=$(USER_BIN)/%) $(USER_TESTED_PROGS:%=$(USER_BIN)/%) \
		$(BUILD)/linux-root/bin/
	install -m 644 $(USER_DATA:%=tests/user/data/%) $(BUILD)/linux-root/data/
	$(BUILD)/user/mkbadelf $(BUILD)/linux-root/data/badelf
	tests/user/run-linux $(BUILD)/linux-root $(USER_TESTS)

.DEFAULT_GOAL := $(USER_SAVED_DEFAULT_GOAL)
