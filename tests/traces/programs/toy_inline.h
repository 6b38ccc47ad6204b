// TOY_INLINE builds the variant of toy.cpp where expensive() is inlined into
// infer(), for the test of DWARF inline chains. (A header, so that toy.cpp
// keeps the line numbers its committed traces refer to.)
#ifdef TOY_INLINE
#define TOY_NOINLINE
#else
#define TOY_NOINLINE __attribute__((noinline))
#endif
