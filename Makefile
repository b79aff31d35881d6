# shmos: a small x86-64 teaching kernel with System V shared memory.
#
#   make            build the kernel, the UEFI loader, the initrd and the ESP
#   make qemu       boot through OVMF + the UEFI loader (Ctrl-A X quits)
#   make test       build and run every test; ends with "N passed, M failed"
#   make qemu-gdb   boot paused with a gdb stub on $(GDBPORT); then `make gdb`
#   make deps       install the Debian packages the build needs
#   make bench      run the benchmark programs (numbers, not pass/fail)
#   make test-linux run the user tests on the host Linux
#
# Knobs: CPUS= MEM= BOOT=uefi|pvh ACCEL=tcg QEMUEXTRA= CMDLINE= INIT= GDBPORT= OPT=
# See README.md.

BUILD ?= build
CPUS ?= 1
MEM ?= 512M
BOOT ?= uefi
ACCEL ?= tcg
QEMUEXTRA ?=
CMDLINE ?=
INIT ?=
OPT ?= -O2
GDBPORT ?= $(shell expr `id -u` % 5000 + 25000)

CC := gcc
LD := ld
NASM := nasm
OVMF := /usr/share/ovmf/OVMF.fd

# ---------------------------------------------------------------- kernel --

# Why each flag: no libc and no red zone (interrupts would clobber it), the
# kernel code model for an image at -2 GiB, no SSE registers (the kernel
# does not save them), frame pointers for backtraces.
KERNEL_CFLAGS := -std=gnu11 -ffreestanding -fno-pic -fno-pie -mcmodel=kernel -mno-red-zone \
	-mgeneral-regs-only -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-omit-frame-pointer $(OPT) -g \
	-Wall -Wextra -Werror -I. -MMD -MP
NASMFLAGS := -f elf64 -g -F dwarf -I./

# boot/'s ELF and cpio checks serve the loader and the kernel's execve and initrd alike.
KERNEL_C := $(sort $(wildcard kernel/*.c mm/*.c fs/*.c ipc/*.c lib/*.c)) \
	boot/pvh.c boot/elf_check.c boot/cpio_check.c
KERNEL_ASM := $(sort $(wildcard kernel/*.asm)) boot/pvh.asm
KERNEL_OBJS := $(KERNEL_C:%.c=$(BUILD)/kobj/%.o) $(KERNEL_ASM:%.asm=$(BUILD)/kobj/%.asm.o) \
	$(BUILD)/kobj/syscall_names.o

.PHONY: all
all: $(BUILD)/kernel.elf $(BUILD)/initrd.cpio $(BUILD)/esp/EFI/BOOT/BOOTX64.EFI \
	$(BUILD)/esp/kernel.elf $(BUILD)/esp/initrd.cpio compile_commands.json

$(BUILD)/kobj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/kobj/%.asm.o: %.asm
	@mkdir -p $(dir $@)
	$(NASM) $(NASMFLAGS) -MD $(basename $@).d $< -o $@

# Two links: the first gives the addresses for the symbol table, the second
# puts the table into .ksyms, which linker.ld places last so nothing moves.
# The check at the end proves that nothing did.
LDFLAGS_KERNEL := -nostdlib -static -T linker.ld -z max-page-size=0x1000 --no-warn-rwx-segments

$(BUILD)/ksyms-empty.c: tools/mksyms
	@mkdir -p $(BUILD)
	tools/mksyms > $@

$(BUILD)/kernel.pass1.elf: $(KERNEL_OBJS) $(BUILD)/kobj/ksyms-empty.o linker.ld
	$(LD) $(LDFLAGS_KERNEL) $(KERNEL_OBJS) $(BUILD)/kobj/ksyms-empty.o -o $@

$(BUILD)/ksyms.c: $(BUILD)/kernel.pass1.elf tools/mksyms
	tools/mksyms $< > $@

$(BUILD)/syscall_names.c: tools/mksyscallnames
	@mkdir -p $(BUILD)
	tools/mksyscallnames > $@

$(BUILD)/kobj/ksyms.o $(BUILD)/kobj/ksyms-empty.o $(BUILD)/kobj/syscall_names.o: $(BUILD)/kobj/%.o: $(BUILD)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/kernel.elf: $(KERNEL_OBJS) $(BUILD)/kobj/ksyms.o linker.ld
	$(LD) $(LDFLAGS_KERNEL) $(KERNEL_OBJS) $(BUILD)/kobj/ksyms.o -o $@
	@tools/mksyms $@ | cmp -s - $(BUILD)/ksyms.c || \
		{ echo "kernel.elf: symbols moved between the two links"; rm -f $@; exit 1; }

# --------------------------------------------------------- initrd and ESP --

# The root file system: everything under $(BUILD)/initrd, as a cpio newc archive.
# user/user.mk puts the user programs in /bin and the test data in /data.
INITRD_FILES :=
include user/user.mk
include tests/shell/shell.mk
include tests/console/console.mk
$(BUILD)/initrd.cpio: $(INITRD_FILES) Makefile
	@mkdir -p $(BUILD)/initrd
	cd $(BUILD)/initrd && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet > ../initrd.cpio

include boot/uefi/uefi.mk

$(BUILD)/esp/EFI/BOOT/BOOTX64.EFI: $(BUILD)/uefi/BOOTX64.EFI
	@mkdir -p $(dir $@)
	cp $< $@

$(BUILD)/esp/%: $(BUILD)/%
	@mkdir -p $(dir $@)
	cp $< $@

# ------------------------------------------------------------------ run --

QEMU := qemu-system-x86_64 -accel $(ACCEL) -machine q35 -cpu max -m $(MEM) -smp $(CPUS) \
	-nodefaults -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04
ifneq ($(DISPLAY),)
QEMU_DISPLAY := -vga std
else
QEMU_DISPLAY := -display none
endif
FULL_CMDLINE := $(strip $(CMDLINE) $(if $(INIT),init=$(INIT)))

# The kernel leaves QEMU through isa-debug-exit: status 33 is a clean power-off.
QEMU_STATUS := status=$$?; [ $$status -eq 0 ] || [ $$status -eq 33 ] || exit $$status

QEMU_BOOT = $(if $(filter pvh,$(BOOT)),$(QEMU_PVH),$(QEMU_UEFI))

.PHONY: qemu qemu-nox qemu-gdb gdb print-gdbport esp-cmdline
esp-cmdline: all
	@if [ -n "$(FULL_CMDLINE)" ]; then printf '%s\n' "$(FULL_CMDLINE)" > $(BUILD)/esp/cmdline.txt; \
	else rm -f $(BUILD)/esp/cmdline.txt; fi

qemu: check-deps esp-cmdline
	$(QEMU) $(QEMU_BOOT) -serial mon:stdio $(QEMU_DISPLAY) $(QEMUEXTRA); $(QEMU_STATUS)

qemu-nox: QEMU_DISPLAY := -display none
qemu-nox: qemu

# qemu-gdb boots through PVH unless BOOT= is given: the firmware adds seconds
# and nothing of ours to step through.
ifeq ($(origin BOOT),command line)
GDB_BOOT := $(BOOT)
else
GDB_BOOT := pvh
endif
QEMU_PVH = -kernel $(BUILD)/kernel.elf -initrd $(BUILD)/initrd.cpio -append "$(FULL_CMDLINE)"
QEMU_UEFI = -bios $(OVMF) -drive format=raw,file=fat:rw:$(BUILD)/esp

qemu-gdb: check-deps esp-cmdline
	@echo "*** QEMU is paused with a gdb stub on port $(GDBPORT): run 'make gdb' in another terminal"
	$(QEMU) $(if $(filter uefi,$(GDB_BOOT)),$(QEMU_UEFI),$(QEMU_PVH)) \
		-serial mon:stdio -display none -S -gdb tcp::$(GDBPORT) $(QEMUEXTRA); $(QEMU_STATUS)

gdb:
	gdb -q -x tools/gdbinit -ex "target remote localhost:$(GDBPORT)"

print-gdbport:
	@echo $(GDBPORT)

# ----------------------------------------------------------------- tests --

# Host unit tests (cmocka): each test_<name> is built from UNIT_SRCS_<name>,
# the real sources compiled for the host with -DHOST_TEST.
UNIT_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -I. -DHOST_TEST -MMD -MP
UNIT_TESTS += format string cmdline frame kmalloc vm ipc_util shm sem_apply msg
UNIT_SRCS_format := tests/unit/test_format.c kernel/format.c
UNIT_SRCS_string := tests/unit/test_string.c lib/string.c
UNIT_SRCS_cmdline := tests/unit/test_cmdline.c kernel/cmdline.c lib/string.c
UNIT_SRCS_frame := tests/unit/test_frame.c tests/unit/host_mm.c mm/frame.c lib/string.c
UNIT_SRCS_kmalloc := tests/unit/test_kmalloc.c tests/unit/host_mm.c mm/frame.c mm/kmalloc.c lib/string.c
UNIT_SRCS_vm := tests/unit/test_vm.c tests/unit/host_mm.c mm/frame.c mm/vm.c lib/string.c
UNIT_SRCS_ipc_util := tests/unit/test_ipc_util.c ipc/util.c lib/string.c
UNIT_SRCS_shm := tests/unit/test_shm.c ipc/shm.c ipc/util.c lib/string.c
UNIT_SRCS_sem_apply := tests/unit/test_sem_apply.c ipc/sem_apply.c
UNIT_SRCS_msg := tests/unit/test_msg.c ipc/msg.c ipc/util.c lib/string.c

UNIT_BINS := $(UNIT_TESTS:%=$(BUILD)/unit/test_%)

define unit_rule
$(BUILD)/unit/test_$(1): $(UNIT_SRCS_$(1):%.c=$(BUILD)/uobj/%.o)
	@mkdir -p $$(dir $$@)
	$(CC) $$^ -lcmocka -o $$@
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

$(BUILD)/uobj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -c $< -o $@

.PHONY: test unit check-deps deps bench
# Benchmarks print numbers; they are not tests (see docs/processes.md).
bench: check-deps all
	tools/qemu-run --timeout 600 /bin/procbench
	tools/qemu-run --timeout 600 /bin/ipcbench
	tools/qemu-run --timeout 600 /bin/sembench
unit: $(UNIT_BINS)

test: check-deps all unit
	tests/run

check-deps:
	@tools/check-deps

deps:
	tools/check-deps --install-all

# ----------------------------------------------------- editor support --

# compile_commands.json for clangd and other editors, written from the same
# flag variables the build uses (no extra tool needed).
compile_commands.json: Makefile boot/uefi/uefi.mk
	@{ echo "["; sep=""; \
	for f in $(KERNEL_C); do \
		printf '%s{"directory": "%s", "file": "%s", "command": "%s %s -c %s"}\n' "$$sep" "$(CURDIR)" "$$f" "$(CC)" "$(KERNEL_CFLAGS)" "$$f"; sep=","; \
	done; \
	for f in $(UEFI_C); do \
		printf '%s{"directory": "%s", "file": "%s", "command": "%s %s -c %s"}\n' "$$sep" "$(CURDIR)" "$$f" "$(CC)" "$(UEFI_CFLAGS)" "$$f"; \
	done; \
	for f in $(sort $(foreach t,$(UNIT_TESTS),$(filter tests/%,$(UNIT_SRCS_$(t))))); do \
		printf '%s{"directory": "%s", "file": "%s", "command": "%s %s -c %s"}\n' "$$sep" "$(CURDIR)" "$$f" "$(CC)" "$(UNIT_CFLAGS)" "$$f"; \
	done; echo "]"; } > $@

# ---------------------------------------------------------------- misc --

.PHONY: clean format
clean:
	rm -rf $(BUILD) compile_commands.json

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
