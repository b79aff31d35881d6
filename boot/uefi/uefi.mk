# boot/uefi/uefi.mk: build the UEFI loader, $(BUILD)/uefi/BOOTX64.EFI, with gnu-efi.
#
# Included by the top-level Makefile; also usable on its own:
#   make -f boot/uefi/uefi.mk build/uefi/BOOTX64.EFI
#
# gnu-efi builds an ELF shared object and objcopy turns it into a PE32+
# "EFI application" (subsystem 10).  The flags are the ones measured to
# work in /work/shared/docs/boot-facts.md section 3:
#   -fpic ... -znocombreloc  the loader is relocated at run time by crt0
#   -fshort-wchar            CHAR16 strings (L"...") are 16-bit
#   -mno-red-zone            firmware interrupts may use our stack
#   -DGNU_EFI_USE_MS_ABI     firmware calls use the Microsoft convention

BUILD ?= build

# Keep whatever default goal the including Makefile has (restored at the end).
uefi_saved_default_goal := $(.DEFAULT_GOAL)

EFI_INC ?= /usr/include/efi
EFI_LIB ?= /usr/lib
EFI_CRT0 ?= $(EFI_LIB)/crt0-efi-x86_64.o
EFI_LDS ?= $(EFI_LIB)/elf_x86_64_efi.lds

UEFI_CC ?= gcc
UEFI_LD ?= ld
UEFI_OBJCOPY ?= objcopy

UEFI_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-I$(EFI_INC) -I$(EFI_INC)/x86_64 -I$(EFI_INC)/protocol -Iinclude -I. \
	-fpic -ffreestanding -fno-stack-protector -fno-stack-check -fshort-wchar \
	-mno-red-zone -maccumulate-outgoing-args -DGNU_EFI_USE_MS_ABI -MMD -MP
UEFI_LDFLAGS := -shared -Bsymbolic -nostdlib -znocombreloc -T $(EFI_LDS)
UEFI_SECTIONS := -j .text -j .sdata -j .data -j .rodata -j .dynamic -j .dynsym \
	-j .rel -j .rela -j .rel.* -j .rela.* -j .reloc

UEFI_C := boot/uefi/loader.c boot/elf_check.c boot/cpio_check.c
UEFI_OBJS := $(UEFI_C:%.c=$(BUILD)/uefi/%.o)

$(BUILD)/uefi/%.o: %.c
	@mkdir -p $(dir $@)
	$(UEFI_CC) $(UEFI_CFLAGS) -c $< -o $@

# loader.so keeps the symbols and debug info (for gdb's add-symbol-file).
$(BUILD)/uefi/loader.so: $(UEFI_OBJS)
	$(UEFI_LD) $(UEFI_LDFLAGS) $(EFI_CRT0) $(UEFI_OBJS) -o $@ \
		-L$(EFI_LIB) -lgnuefi -lefi

$(BUILD)/uefi/BOOTX64.EFI: $(BUILD)/uefi/loader.so
	$(UEFI_OBJCOPY) $(UEFI_SECTIONS) --target efi-app-x86_64 --subsystem=10 $< $@

-include $(UEFI_OBJS:.o=.d)

# Host unit tests of the loader's pure-C checks (built by the top Makefile).
UNIT_TESTS += elf_check cpio_check
UNIT_SRCS_elf_check := tests/unit/test_elf_check.c boot/elf_check.c
UNIT_SRCS_cpio_check := tests/unit/test_cpio_check.c boot/cpio_check.c

.DEFAULT_GOAL := $(uefi_saved_default_goal)
