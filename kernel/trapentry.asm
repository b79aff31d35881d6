; kernel/trapentry.asm: the first instructions of every interrupt and exception.
;
; The CPU pushes SS, RSP, RFLAGS, CS, RIP (and an error code for some
; exceptions).  Each vector's stub pushes a zero error code where the CPU
; did not, then the vector number, and jumps to trap_common, which saves
; the general registers to complete a struct trapframe (kernel/trap.h) and
; calls trap(tf).  Returning from trap() restores everything and irets.
;
; Coming from user mode (CPL 3 in the saved CS) we also swap GS: in user
; mode GS belongs to the program, and the kernel's per-CPU pointer waits in
; MSR_KERNEL_GS_BASE; `swapgs` exchanges the two.

%include "kernel/regs.inc"

section .text
bits 64
extern trap

; Vectors whose exceptions push an error code.
%define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

%macro VECTOR 1
vector%1:
%if !HAS_ERROR(%1)
	push 0
%endif
	push %1
	jmp trap_common
%endmacro

%assign v 0
%rep 256
VECTOR v
%assign v v + 1
%endrep

trap_common:
	test qword [rsp + 24], 3        ; saved CS: from user mode?
	jnz .swap
	; From the kernel, with one exception: a fault on the iretq that returns
	; to user mode (a bad user frame, see trap.c) comes after that path's
	; swapgs, so GS is already the user's and must be swapped back.
	push rax
	lea rax, [rel trap_iret]
	cmp [rsp + 24], rax             ; saved rip (above our push, vector and error)
	pop rax
	jne .from_kernel
.swap:
	swapgs
.from_kernel:
	PUSH_GENERAL_REGS
	cld
	mov rdi, rsp
	call trap
global trap_return
trap_return:
	cli                             ; no interrupt between swapgs and iretq
	POP_GENERAL_REGS
	add rsp, 16             ; vector number and error code
	test qword [rsp + 8], 3         ; back to user mode?
	jz .to_kernel
	swapgs
.to_kernel:
global trap_iret
trap_iret:                              ; kernel/trap.c: a fault here is a bad user frame
	iretq

section .rodata
global trap_vectors
trap_vectors:
%assign v 0
%rep 256
	dq vector %+ v
%assign v v + 1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits
