; kernel/entry.asm: _start, where both front doors arrive.
;
; On entry: 64-bit mode, interrupts off, RDI = struct boot_info *
; (reachable through the page tables the boot path built: identity map of
; low memory plus the kernel at 0xffffffff80000000).  We note the TSC for
; the boot-time report, move to the kernel's boot stack and call kmain.

section .text
bits 64
global _start
extern kmain
_start:
	cli
	cld
	mov r12, rdi
	rdtsc
	shl rdx, 32
	or rax, rdx
	mov [rel kernel_entry_tsc], rax
	mov rsp, boot_stack_top
	xor ebp, ebp            ; ends the backtrace here
	mov rdi, r12
	call kmain
.halt:
	cli
	hlt
	jmp .halt

; run_on_stack(fn, arg, stack_top): call fn(arg) on a new stack; never returns.
global run_on_stack
run_on_stack:
	mov rsp, rdx
	xor ebp, ebp
	mov rax, rdi
	mov rdi, rsi
	call rax
	ud2

section .data
global kernel_entry_tsc
kernel_entry_tsc: dq 0

; The boot stack is used only until kmain moves to a guarded stack from
; mm/kstack.c.
section .bss
align 4096
global boot_stack_top
boot_stack: resb 16384
boot_stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
