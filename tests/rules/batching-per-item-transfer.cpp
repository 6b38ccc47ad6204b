// Fixture for batching-per-item-transfer (docs/rules/batching-per-item-transfer.md).
#include <torch/torch.h>
#include <vector>

void moveEach(const std::vector<torch::Tensor> &items, torch::Device device,
              std::vector<torch::Tensor> &out) {
  for (const torch::Tensor &item : items)
    out.push_back(item.to(device));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: device transfer 'item.to(device)' moves one item per iteration of the range-for loop at line 7 [batching-per-item-transfer]
}

void cudaRows(const torch::Tensor &x, std::vector<torch::Tensor> &out) {
  for (int64_t i = 0; i < x.size(0); ++i) {
    torch::Tensor row = x[i].cuda();
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: device transfer 'x[i].cuda()' moves one item [batching-per-item-transfer]
    out.push_back(row.to(torch::kCUDA));
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: device transfer 'row.to(torch::kCUDA)' moves one item [batching-per-item-transfer]
  }
}

float resultsBack(torch::nn::Linear &head, const torch::Tensor &x) {
  float sum = 0;
  for (int64_t i = 0; i < x.size(0); ++i)
    sum += head(x[i]).cpu().item<float>();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: device transfer 'head(x[i]).cpu()' moves one item [batching-per-item-transfer]
  // CHECK-MESSAGES: :[[@LINE-2]]:12: warning: model call 'head(x[i])' runs once per item [batching-per-item-inference]
  return sum;
}

// Not flagged: the transfer happens once, before the loop. (The element
// reads are vectorization-per-element-tensor-access's.)
float moveOnce(const torch::Tensor &x, torch::Device device) {
  torch::Tensor onDevice = x.to(device);
  float sum = 0;
  for (int64_t i = 0; i < onDevice.size(0); ++i)
    sum += onDevice[i].item<float>();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'onDevice[i].item<float>()' reads one tensor element per iteration of the for loop at line 35 [vectorization-per-element-tensor-access]
  return sum;
}

// Not flagged: a dtype conversion is not a device transfer.
void convertEach(const std::vector<torch::Tensor> &items,
                 std::vector<torch::Tensor> &out) {
  for (const torch::Tensor &item : items)
    out.push_back(item.to(c10::ScalarType::Float));
}

// Not flagged: each iteration moves a slice of `bs` rows, already a batch.
void moveSlices(const torch::Tensor &x, int64_t bs,
                std::vector<torch::Tensor> &out) {
  for (int64_t b = 0; b < x.size(0); b += bs)
    out.push_back(x.slice(0, b, b + bs).cuda());
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'x.slice(0, b, b + bs).cuda()' copies pageable host memory to the GPU on every iteration of the for loop at line 51; pin the source and copy with non_blocking [code-level-pageable-transfer]
}

// Flagged in a class template, as the TU instantiates it (with its real
// types: the pattern's `items[i]` is a dependent expression).
template <typename T> struct Collector {
  std::vector<torch::Tensor> gather(const std::vector<T> &items) {
    std::vector<torch::Tensor> out;
    for (size_t i = 0; i < items.size(); ++i)
      out.push_back(items[i].cpu());
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: device transfer 'items[i].cpu()' moves one item per iteration of the for loop at line 61 [batching-per-item-transfer]
    return out;
  }
};
std::vector<torch::Tensor> collect(const std::vector<torch::Tensor> &xs) {
  return Collector<torch::Tensor>().gather(xs);
}

// Interprocedural: a helper the loop calls once per item moves its
// argument to the device.
struct Uploader {
  torch::Device device{torch::kCUDA};
  torch::Tensor upload(const torch::Tensor &x) {
    torch::Tensor moved = x.to(device, torch::kFloat);
    return moved;
  }
  torch::Tensor withBias(const torch::Tensor &x, const torch::Tensor &bias) {
    return x + bias.to(device, torch::kFloat);
  }
};
void uploadEach(Uploader &up, const torch::Tensor &docs,
                std::vector<torch::Tensor> &out) {
  for (int64_t i = 0; i < docs.size(0); ++i)
    out.push_back(up.upload(docs[i]));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'up.upload(docs[i])' moves one item per iteration of the for loop at line 85: 'Uploader::upload' transfers its argument with 'x.to(device, torch::kFloat)' (line 76); transfer the batch once [batching-per-item-transfer]
}

// Not flagged: the helper moves another tensor (the bias), not the item;
// a transfer of the same bias on every call is a per-call cost of the
// helper, not one item per iteration.
void biasEach(Uploader &up, const torch::Tensor &docs,
              const torch::Tensor &bias, std::vector<torch::Tensor> &out) {
  for (int64_t i = 0; i < docs.size(0); ++i)
    out.push_back(up.withBias(docs[i], bias));
}

// Not flagged: the helper gets a slice per iteration, a batch.
void uploadSlices(Uploader &up, const torch::Tensor &docs, int64_t bs,
                  std::vector<torch::Tensor> &out) {
  for (int64_t b = 0; b < docs.size(0); b += bs)
    out.push_back(up.upload(docs.slice(0, b, b + bs)));
}
