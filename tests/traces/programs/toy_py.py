"""A small Python program for generating a real pstats file (cProfile)."""


def expensive(x):
    acc = 0.0
    for i in range(200):
        acc += (x + i) ** 0.5
    return acc


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


class Model:
    def infer(self, item):
        return sum(expensive(v) for v in item) + fib(10)


def main(n):
    m = Model()
    return sum(m.infer([1.5] * 4) for _ in range(n))


if __name__ == "__main__":
    main(20000)
