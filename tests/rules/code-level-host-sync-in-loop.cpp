// Fixture for code-level-host-sync-in-loop (docs/rules/code-level-host-sync-in-loop.md).
#include <cstdio>
#include <stdexcept>
#include <torch/torch.h>
#include <vector>

// A training loop over a data loader (MNIST's shape): the loss of each batch
// is read back on every step.
float trainEpoch(torch::nn::Linear &net, torch::optim::SGD &opt,
                 torch::data::StatelessDataLoader<int> &loader,
                 torch::Device device) {
  float total = 0;
  for (auto &batch : loader) {
    torch::Tensor data = batch[0].data.to(device);
    opt.zero_grad();
    torch::Tensor loss = net(data).sum();
    loss.backward();
    opt.step();
    total += loss.item<float>();
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'loss.item<float>()' waits for the device on every iteration of the range-for loop at line 13 (the tensor is on the device from 'batch[0].data.to(device)', line 14); accumulate on the device and read once after the loop [code-level-host-sync-in-loop]
  }
  return total;
}

// A step loop on a GPU tensor: `.cuda()` before the loop puts it there.
float descend(const torch::Tensor &start, int steps) {
  torch::Tensor w = start.cuda();
  float last = 0;
  for (int s = 0; s < steps; ++s) {
    w = w * w;
    last = w.sum().item<float>();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'w.sum().item<float>()' waits for the device on every iteration of the for loop at line 29 (the tensor is on the device from 'start.cuda()', line 27) [code-level-host-sync-in-loop]
  }
  return last;
}

// Interprocedural: the helper reads a scalar of a tensor it moved itself;
// the loop calls it once per batch.
struct Scorer {
  torch::nn::Linear head{4, 1};
  torch::Device device{torch::kCUDA};
  float score(const torch::Tensor &batch) {
    torch::Tensor out = head(batch.to(device, torch::kFloat));
    return out.sum().item<float>();
  }
};
float scoreBatches(Scorer &scorer, const torch::Tensor &x, int64_t bs) {
  float sum = 0;
  for (int64_t b = 0; b < x.size(0); b += bs)
    sum += scorer.score(x.slice(0, b, b + bs));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'scorer.score(x.slice(0, b, b + bs))' waits for the device: 'Scorer::score' reads 'out.sum().item<float>()' (line 44) on every iteration of the for loop at line 49 (the tensor is on the device from 'batch.to(device, torch::kFloat)', line 43) [code-level-host-sync-in-loop]
  return sum;
}

// Interprocedural through an argument: the helper only reads; the caller
// hands it a device tensor.
static float total(const torch::Tensor &t) { return t.sum().item<float>(); }
float totals(const std::vector<torch::Tensor> &chunks) {
  float sum = 0;
  torch::Tensor onGpu = chunks.front().cuda();
  for (int k = 0; k < 10; ++k) {
    onGpu = onGpu * onGpu;
    sum += total(onGpu);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'total(onGpu)' waits for the device: 'total' reads 't.sum().item<float>()' (line 57) on every iteration of the for loop at line 61 (the tensor is on the device from 'chunks.front().cuda()', line 60) [code-level-host-sync-in-loop]
  }
  return sum;
}

// Not flagged: the tensor is on the CPU (made there, never moved): .item()
// reads memory, no device to wait for.
float onHost(const torch::Tensor &x, int steps) {
  torch::Tensor w = torch::zeros({4});
  float last = 0;
  for (int s = 0; s < steps; ++s) {
    w = w + x;
    last = w.sum().item<float>();
  }
  return last;
}

// Not flagged: moved back to the host before the read (one copy per step,
// which is the transfer, not a second wait).
float backOnHost(const torch::Tensor &x, torch::Device device, int steps) {
  torch::Tensor w = x.to(device);
  float last = 0;
  for (int s = 0; s < steps; ++s) {
    w = w * w;
    torch::Tensor host = w.cpu();
    last = host.sum().item<float>();
  }
  return last;
}

// Not flagged: moved explicitly to the CPU device.
float toCpu(const torch::Tensor &x, int steps) {
  torch::Tensor w = x.cuda().to(torch::kCPU);
  float last = 0;
  for (int s = 0; s < steps; ++s)
    last = w.sum().item<float>();
  return last;
}

// Not flagged: a variable that is ever given a host copy may be on the host
// where it is read (the analysis is flow-insensitive: no claim).
float reassigned(const torch::Tensor &x, torch::Device device, int steps) {
  torch::Tensor w = x.to(device);
  float last = 0;
  for (int s = 0; s < steps; ++s) {
    w = w.cpu();
    last = w.sum().item<float>();
  }
  return last;
}

// Not flagged: logged every 100 steps; the wait is amortized.
void logEvery(torch::nn::Linear &net, const torch::Tensor &x,
              torch::Device device, int steps) {
  torch::Tensor data = x.to(device);
  for (int s = 0; s < steps; ++s) {
    torch::Tensor loss = net(data).sum();
    loss.backward();
    if (s % 100 == 0)
      std::printf("%f\n", loss.item<float>());
  }
}

// Not flagged: the value decides when the loop stops (convergence test):
// the read is the loop's control flow.
void untilConverged(torch::nn::Linear &net, const torch::Tensor &x,
                    torch::Device device) {
  torch::Tensor data = x.to(device);
  for (;;) {
    torch::Tensor loss = net(data).sum();
    loss.backward();
    if (loss.item<float>() < 1e-3f)
      break;
  }
}

// Not flagged: the read feeds the variable the loop's condition tests (a
// running loss, PyTorch's serialize tests), or a check that throws (a NaN
// guard, AT_ASSERT's shape): control flow again.
void untilSmall(torch::nn::Linear &net, const torch::Tensor &x,
                torch::Device device) {
  torch::Tensor data = x.to(device);
  float running = 1;
  while (running > 0.1f) {
    torch::Tensor loss = net(data).sum();
    running = running * 0.99f + loss.item<float>() * 0.01f;
  }
}
void nanGuard(torch::nn::Linear &net, const torch::Tensor &x,
              torch::Device device, int steps) {
  torch::Tensor data = x.to(device);
  for (int s = 0; s < steps; ++s) {
    torch::Tensor loss = net(data).sum();
    if (loss.item<float>() != loss.item<float>())
      throw std::runtime_error("nan");
    loss.backward();
  }
}

// Not flagged: a tensor the function only receives: where it lives is not
// known here.
float received(const torch::Tensor &x, int steps) {
  float last = 0;
  for (int s = 0; s < steps; ++s)
    last = (x * x).sum().item<float>();
  return last;
}

// Not flagged here: one element per item is the per-item rules' finding
// (batch the items; read the result once).
float perItem(torch::nn::Linear &net, const torch::Tensor &x,
              torch::Device device) {
  float sum = 0;
  for (int64_t i = 0; i < x.size(0); ++i)
    sum += net(x[i].to(device)).item<float>();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: model call 'net(x[i].to(device))' runs once per item [batching-per-item-inference]
  // CHECK-MESSAGES: :[[@LINE-2]]:16: warning: device transfer 'x[i].to(device)' moves one item [batching-per-item-transfer]
  return sum;
}

// Not flagged: outside any loop.
float once(const torch::Tensor &x, torch::Device device) {
  return x.to(device).sum().item<float>();
}
