/* Force-included into every C file of the Python built for the Linux bundle
 * (installer/linux/in_build_root.sh), so that it runs on glibc 2.28 (统信UOS V20) although it is
 * compiled on Debian 11 (glibc 2.31).
 *
 * glibc 2.29 gave exp, exp2, log, log2 and pow new symbol versions (the old versions wrap the same
 * computation in the obsolete SVID matherr error handling); a call compiled against newer headers
 * binds to exp@GLIBC_2.29 and the loader of an older glibc refuses the whole library. Bound to the
 * old versions, the numbers come from the same code on a new glibc, and on 2.28 from the code 2.28
 * has (where these implementations first shipped); errno is set the same in POSIX mode, which is
 * what Python checks.  The other symbol newer than 2.28 that Python 3.11 would use,
 * sem_clockwait (2.30), is switched off at configure time instead (ac_cv_func_sem_clockwait=no:
 * Python then waits with sem_timedwait, as it does on any older system).
 *
 * installer/linux/elf_scan.py checks the result: no file of the bundle may need more than 2.28. */
#if defined(__x86_64__) && !defined(__ASSEMBLER__)
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver exp2,exp2@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver log2,log2@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
#endif
