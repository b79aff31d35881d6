/*
 * mkbadelf DIR: write the corrupt executables that the execve test feeds to
 * the kernel, one file per way an ELF file can be wrong.
 *
 * This program runs on the HOST at build time (plain gcc, not musl); the
 * Makefile puts DIR into the initrd as /data/badelf/.
 *
 * Every bad file is the tiny valid program "minimal" (which just calls
 * exit(42)) with ONE thing broken, so the test knows exactly which check of
 * the kernel's ELF loader each file exercises.  "minimal" itself is written
 * too: the test runs it first, to prove that the base image is good.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BASE 0x400000UL /* where the minimal program is loaded */

/* The whole minimal program: an ELF header, one program header, 12 bytes of code. */
struct image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	unsigned char code[12];
} __attribute__((packed));

static const unsigned char exit42[12] = {
    0xb8, 0x3c, 0x00, 0x00, 0x00, /* mov $60, %eax   (SYS_exit) */
    0xbf, 0x2a, 0x00, 0x00, 0x00, /* mov $42, %edi   (status 42) */
    0x0f, 0x05,                   /* syscall */
};

static const char *outdir;

static void minimal(struct image *im)
{
	memset(im, 0, sizeof(*im));
	memcpy(im->eh.e_ident, ELFMAG, SELFMAG);
	im->eh.e_ident[EI_CLASS] = ELFCLASS64;
	im->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im->eh.e_ident[EI_VERSION] = EV_CURRENT;
	im->eh.e_ident[EI_OSABI] = ELFOSABI_SYSV;
	im->eh.e_type = ET_EXEC;
	im->eh.e_machine = EM_X86_64;
	im->eh.e_version = EV_CURRENT;
	im->eh.e_entry = BASE + offsetof(struct image, code);
	im->eh.e_phoff = offsetof(struct image, ph);
	im->eh.e_ehsize = sizeof(Elf64_Ehdr);
	im->eh.e_phentsize = sizeof(Elf64_Phdr);
	im->eh.e_phnum = 1;

	/* One segment: the whole file, read+execute, at BASE. */
	im->ph.p_type = PT_LOAD;
	im->ph.p_flags = PF_R | PF_X;
	im->ph.p_offset = 0;
	im->ph.p_vaddr = BASE;
	im->ph.p_paddr = BASE;
	im->ph.p_filesz = sizeof(*im);
	im->ph.p_memsz = sizeof(*im);
	im->ph.p_align = 0x1000;
	memcpy(im->code, exit42, sizeof(exit42));
}

/* Write LEN bytes to DIR/NAME, executable (an exec needs an x bit even for root). */
static void put(const char *name, const void *data, size_t len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len || fchmod(fd, 0755) != 0 ||
	    close(fd) != 0) {
		fprintf(stderr, "mkbadelf: %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

static void put_image(const char *name, const struct image *im)
{
	put(name, im, sizeof(*im));
}

int main(int argc, char **argv)
{
	struct image im;

	if (argc != 2) {
		fprintf(stderr, "usage: mkbadelf DIR\n");
		return 2;
	}
	outdir = argv[1];
	if (mkdir(outdir, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "mkbadelf: %s: %s\n", outdir, strerror(errno));
		return 1;
	}

	/* The good program every other file is derived from: exits with 42. */
	minimal(&im);
	put_image("minimal", &im);

	/* An empty file, and a header cut off after 32 bytes (e_phoff and the rest missing). */
	put("empty", "", 0);
	put("truncated", &im, 32);

	/* A text file that does not start with "#!": not a script, not an ELF file. */
	static const char text[] = "this is a text file, not a program\n";
	put("text", text, sizeof(text) - 1);

	/* A 32-bit i386 ELF header (and no program headers). */
	{
		Elf32_Ehdr eh32;
		memset(&eh32, 0, sizeof(eh32));
		memcpy(eh32.e_ident, ELFMAG, SELFMAG);
		eh32.e_ident[EI_CLASS] = ELFCLASS32;
		eh32.e_ident[EI_DATA] = ELFDATA2LSB;
		eh32.e_ident[EI_VERSION] = EV_CURRENT;
		eh32.e_type = ET_EXEC;
		eh32.e_machine = EM_386;
		eh32.e_version = EV_CURRENT;
		eh32.e_entry = 0x08048000;
		eh32.e_ehsize = sizeof(eh32);
		eh32.e_phentsize = sizeof(Elf32_Phdr);
		put("elf32", &eh32, sizeof(eh32));
	}

	/* A 64-bit ELF file for another machine (arm64). */
	minimal(&im);
	im.eh.e_machine = EM_AARCH64;
	put_image("wrong_machine", &im);

	/* A relocatable object (.o), not an executable. */
	minimal(&im);
	im.eh.e_type = ET_REL;
	put_image("et_rel", &im);

	/* No program headers at all. */
	minimal(&im);
	im.eh.e_phnum = 0;
	put_image("no_phdrs", &im);

	/* Program headers of the wrong size. */
	minimal(&im);
	im.eh.e_phentsize = 32;
	put_image("bad_phentsize", &im);

	/* Program headers said to lie past the end of the file. */
	minimal(&im);
	im.eh.e_phoff = 0x10000;
	put_image("phoff_past_eof", &im);

	/* A PT_LOAD whose offset + filesz runs past the end of the file. */
	minimal(&im);
	im.ph.p_filesz = im.ph.p_memsz = 0x3000;
	put_image("load_past_eof", &im);

	/* A PT_LOAD whose offset itself is past the end of the file. */
	minimal(&im);
	im.ph.p_offset = 0x10000;
	put_image("offset_past_eof", &im);

	/* A PT_LOAD that would map kernel addresses (and the entry point there). */
	minimal(&im);
	im.ph.p_vaddr = im.ph.p_paddr = 0xffffffff80000000UL;
	im.eh.e_entry = 0xffffffff80000000UL + offsetof(struct image, code);
	put_image("kernel_vaddr", &im);

	/* A PT_LOAD at a non-canonical address (the hole between user and kernel). */
	minimal(&im);
	im.ph.p_vaddr = im.ph.p_paddr = 0x0000800000000000UL;
	im.eh.e_entry = 0x0000800000000000UL + offsetof(struct image, code);
	put_image("noncanonical_vaddr", &im);

	/* A PT_LOAD so large that it would reach the kernel half. */
	minimal(&im);
	im.ph.p_memsz = 0x0000800000000000UL;
	put_image("huge_memsz", &im);

	/* p_filesz larger than p_memsz. */
	minimal(&im);
	im.ph.p_memsz = 16;
	put_image("filesz_gt_memsz", &im);

	/* p_offset and p_vaddr not congruent modulo the page size: cannot be mapped. */
	minimal(&im);
	im.ph.p_vaddr = im.ph.p_paddr = BASE + 0x10;
	im.eh.e_entry += 0x10;
	put_image("misaligned_offset", &im);

	/* The only program header is not a PT_LOAD: nothing gets mapped. */
	minimal(&im);
	im.ph.p_type = PT_NOTE;
	put_image("no_load", &im);

	/* The entry point lies outside every segment. */
	minimal(&im);
	im.eh.e_entry = 0x500000;
	put_image("entry_outside", &im);

	/* The entry point is a kernel address. */
	minimal(&im);
	im.eh.e_entry = 0xffffffff80000000UL;
	put_image("entry_kernel", &im);

	return 0;
}
