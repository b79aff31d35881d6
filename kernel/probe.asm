; kernel/probe.asm: single-byte accesses that may fault (see probe.h).
; The .extable entry pairs the one instruction that may fault with the
; place to resume; the fault handler also sets rax = -EFAULT.

section .text
bits 64

; int probe_read_byte(const volatile void *addr [rdi], uint8_t *out [rsi])
global probe_read_byte
probe_read_byte:
	xor eax, eax
.access:
	mov dl, [rdi]
	mov [rsi], dl
.resume:
	ret

; int probe_write_byte(volatile void *addr [rdi], uint8_t value [sil])
global probe_write_byte
probe_write_byte:
	xor eax, eax
.access:
	mov [rdi], sil
.resume:
	ret

section .extable progbits alloc noexec write align=8
	dq probe_read_byte.access, probe_read_byte.resume
	dq probe_write_byte.access, probe_write_byte.resume

section .note.GNU-stack noalloc noexec nowrite progbits
