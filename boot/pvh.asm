; boot/pvh.asm: the PVH front door.
;
; QEMU's `-kernel kernel.elf` finds the Xen PVH note below and jumps to
; pvh_start32 in 32-bit protected mode, paging off, with EBX holding the
; physical address of a struct hvm_start_info.  We build just enough page
; tables to enter long mode (0-4 GiB mapped at 0 and at the direct-map
; base 0xffff800000000000, plus the kernel's -2 GiB window onto 0-1 GiB,
; all 2 MiB pages), switch to 64-bit mode, let C
; translate hvm_start_info into struct boot_info (boot/pvh.c), and join the
; UEFI path at _start (kernel/entry.asm).  The kernel replaces these tables
; with its own as soon as it can.

KERNEL_VMA equ 0xffffffff80000000
%define PHYS(x) ((x) - KERNEL_VMA)

section .note.pvh progbits alloc noexec nowrite align=4
	dd 4                    ; name size: "Xen\0"
	dd 8                    ; descriptor size: one 64-bit physical address
	dd 18                   ; XEN_ELFNOTE_PHYS32_ENTRY
	db "Xen", 0
	dq PHYS(pvh_start32)

section .boot32 progbits alloc exec nowrite align=16
bits 32
global pvh_start32
pvh_start32:
	cli
	cld
	mov esi, ebx            ; keep the hvm_start_info address for later

	; PML4[0] -> low PDPT (identity), PML4[256] -> the same (the kernel's
	; direct map, so mm/ can reach frames before it builds its own tables),
	; PML4[511] -> high PDPT (kernel window)
	mov eax, PHYS(pvh_pdpt_low)
	or eax, 3
	mov [PHYS(pvh_pml4)], eax
	mov [PHYS(pvh_pml4) + 256 * 8], eax
	mov eax, PHYS(pvh_pdpt_high)
	or eax, 3
	mov [PHYS(pvh_pml4) + 511 * 8], eax

	; low PDPT[0..3] -> the four page directories; high PDPT[510] -> the first
	mov edi, PHYS(pvh_pdpt_low)
	mov eax, PHYS(pvh_pd)
	or eax, 3
	mov ecx, 4
.pdpt:
	mov [edi], eax
	mov dword [edi + 4], 0
	add eax, 4096
	add edi, 8
	loop .pdpt
	mov eax, PHYS(pvh_pd)
	or eax, 3
	mov [PHYS(pvh_pdpt_high) + 510 * 8], eax

	; 2048 directory entries of 2 MiB each cover 0-4 GiB: present, writable, large
	mov edi, PHYS(pvh_pd)
	xor ecx, ecx
.pd:
	mov eax, ecx
	shl eax, 21
	or eax, 0x83
	mov [edi + ecx * 8], eax
	mov dword [edi + ecx * 8 + 4], 0
	inc ecx
	cmp ecx, 2048
	jb .pd

	; enable PAE, then long mode (EFER.LME) and no-execute (EFER.NXE), then paging
	mov eax, PHYS(pvh_pml4)
	mov cr3, eax
	mov eax, cr4
	or eax, 1 << 5
	mov cr4, eax
	mov ecx, 0xc0000080
	rdmsr
	or eax, (1 << 8) | (1 << 11)
	wrmsr
	mov eax, cr0
	or eax, (1 << 31) | (1 << 16) | 1     ; PG, WP, PE
	mov cr0, eax

	lgdt [PHYS(pvh_gdtr)]
	jmp 0x08:PHYS(pvh_long)

bits 64
pvh_long:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov rax, pvh_higher_half
	jmp rax

align 8
pvh_gdt:
	dq 0
	dq 0x00af9a000000ffff   ; 0x08: 64-bit code
	dq 0x00cf92000000ffff   ; 0x10: data
pvh_gdtr:
	dw pvh_gdtr - pvh_gdt - 1
	dd PHYS(pvh_gdt)

section .text
bits 64
extern pvh_to_boot_info
extern _start
extern boot_stack_top
pvh_higher_half:
	mov rsp, boot_stack_top
	xor ebp, ebp
	mov edi, esi            ; struct hvm_start_info * (physical, identity-mapped)
	call pvh_to_boot_info   ; returns struct boot_info *
	mov rdi, rax
	jmp _start

section .bss
align 4096
pvh_pml4:      resb 4096
pvh_pdpt_low:  resb 4096
pvh_pdpt_high: resb 4096
pvh_pd:        resb 4 * 4096

section .note.GNU-stack noalloc noexec nowrite progbits
