; kernel/usercopy.asm: the only code that touches user memory.
;
; With SMAP on, the kernel faults on any user page unless RFLAGS.AC is set:
; `stac` sets it for the duration of one copy, `clac` clears it.  A fault
; inside a copy first goes to the page-fault handler like any user fault
; (the page may just not be there yet: lazy allocation, copy-on-write); if
; the address is really bad, the handler finds the faulting instruction in
; .extable and resumes at its fix-up with RAX = -EFAULT.
; The C wrappers in usercopy.c check that the range lies in user space.
;
; Copies move 8-byte words and then the last few bytes, for the reason
; lib/string.c gives: QEMU's TCG runs a rep instruction an iteration at a time.

section .text
bits 64

; long __copy_user(void *dst [rdi], const void *src [rsi], size_t n [rdx]) -> 0 or -EFAULT
global __copy_user
__copy_user:
	mov rcx, rdx
	shr rcx, 3
	and edx, 7
	xor eax, eax
	stac
.words:
	rep movsq
	mov rcx, rdx
.bytes:
	rep movsb
.done:
	clac
	ret

; long __strncpy_user(char *dst [rdi], const char *src [rsi], size_t max [rdx])
;   -> length of the string (not counting NUL), max if no NUL in max bytes, or -EFAULT
global __strncpy_user
__strncpy_user:
	xor eax, eax
	stac
.loop:
	cmp rax, rdx
	je .out
.load:
	mov cl, [rsi + rax]
	mov [rdi + rax], cl
	test cl, cl
	jz .out
	inc rax
	jmp .loop
.out:
	clac
	ret

; long __clear_user(void *dst [rdi], size_t n [rsi]) -> 0 or -EFAULT
global __clear_user
__clear_user:
	mov rcx, rsi
	shr rcx, 3
	and esi, 7
	xor eax, eax
	stac
.words:
	rep stosq
	mov rcx, rsi
.bytes:
	rep stosb
.done:
	clac
	ret

section .extable progbits alloc noexec write align=8
	dq __copy_user.words, __copy_user.done
	dq __copy_user.bytes, __copy_user.done
	dq __strncpy_user.load, __strncpy_user.out
	dq __clear_user.words, __clear_user.done
	dq __clear_user.bytes, __clear_user.done

section .note.GNU-stack noalloc noexec nowrite progbits
