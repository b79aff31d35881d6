; kernel/syscall.asm: the `syscall` instruction's way into the kernel.
;
; The CPU, on `syscall`: RCX = user RIP, R11 = user RFLAGS, CS/SS from
; MSR_STAR, RIP from MSR_LSTAR, RFLAGS masked by MSR_FMASK (IF cleared),
; and nothing else: RSP is still the user's.  So we swap GS to reach the
; per-CPU data, park the user RSP there, load the process's kernel stack,
; and build the same struct trapframe an interrupt builds (kernel/trap.h),
; so that fork, exec and signals deal with one layout.
;
; Arguments: RAX = number, RDI RSI RDX R10 R8 R9 = arguments (Linux ABI).
; The result goes back in RAX.

%define CPU_KSTACK_TOP 8
%define CPU_USER_RSP 16
%define USER_CS 0x33
%define USER_DS 0x2b
%define T_SYSCALL 256           ; "vector" recorded for system calls

%include "kernel/regs.inc"

section .text
bits 64
extern syscall_dispatch
global syscall_entry
syscall_entry:
	swapgs
	mov [gs:CPU_USER_RSP], rsp
	mov rsp, [gs:CPU_KSTACK_TOP]
	push USER_DS                    ; ss
	push qword [gs:CPU_USER_RSP]    ; rsp
	push r11                        ; rflags
	push USER_CS                    ; cs
	push rcx                        ; rip
	push rax                        ; "error code": the system call number, for restarts
	push T_SYSCALL                  ; vector
	PUSH_GENERAL_REGS
	xor ebp, ebp                    ; the backtrace ends here
	mov rdi, rsp
	sti
	call syscall_dispatch
	cli
global syscall_return
syscall_return:
	; sysret restores RIP from RCX and RFLAGS from R11.  That is only the
	; whole story when the frame still says RCX == RIP and R11 == RFLAGS, as
	; `syscall` left it; after execve, a signal or sigreturn it does not, and
	; we return through iretq, which restores every register.  A
	; non-canonical RIP must never reach sysret (on Intel CPUs it faults in
	; ring 0 with the user's stack: CVE-2012-0217), so it goes to iretq too,
	; and so does a frame whose CS or SS is not the standard user one.
	mov rax, [rsp + 17 * 8]         ; frame rip
	cmp rax, [rsp + 12 * 8]         ; frame rcx
	jne .iret
	mov rax, [rsp + 19 * 8]         ; frame rflags
	cmp rax, [rsp + 4 * 8]          ; frame r11
	jne .iret
	mov rax, 0x00007ffffffff000
	cmp [rsp + 17 * 8], rax         ; rip below the last user page?
	jae .iret
	cmp qword [rsp + 18 * 8], USER_CS ; sysret forces these selectors:
	jne .iret                         ; a frame with others (sigreturn) needs iretq
	cmp qword [rsp + 21 * 8], USER_DS
	jne .iret
	POP_GENERAL_REGS
	add rsp, 16                     ; vector, error code
	mov rsp, [rsp + 24]             ; the user's rsp (rip, cs, rflags below it)
	swapgs
	o64 sysret
.iret:
	extern trap_return
	jmp trap_return

section .note.GNU-stack noalloc noexec nowrite progbits
