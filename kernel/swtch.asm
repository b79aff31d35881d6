; kernel/swtch.asm: switching from one kernel thread to another.
;
; void swtch(struct context **save, struct context *load)
;
; Pushes the callee-saved registers on the current stack, stores the stack
; pointer (which is now a struct context *) in *save, loads `load` as the
; stack pointer and pops the other thread's registers.  Its `ret` returns
; into wherever that thread called swtch, or into the function a new
; thread's context was built to start in (kernel/proc.c).
; The caller-saved registers need no saving: the C compiler assumes swtch
; clobbers them, like any call.

section .text
bits 64
global swtch
swtch:
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15
	mov [rdi], rsp
	mov rsp, rsi
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret

section .note.GNU-stack noalloc noexec nowrite progbits
